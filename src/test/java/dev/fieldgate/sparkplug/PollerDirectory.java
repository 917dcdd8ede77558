package dev.fieldgate.sparkplug;

import dev.fieldgate.field.Device;
import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.modbus.ModbusPoller;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/** The running devices of one Modbus adapter, as the field side's directory would list them. */
final class PollerDirectory implements DeviceDirectory {

    private final AdapterDefinition adapter;
    private final Supplier<ModbusPoller> poller;

    PollerDirectory(final AdapterDefinition adapter, final Supplier<ModbusPoller> poller) {
        this.adapter = adapter;
        this.poller = poller;
    }

    private Optional<Device> device(final String id) {
        return adapter.devices().stream().filter(d -> d.id().equals(id)).findFirst();
    }

    @Override
    public Set<String> deviceIds() {
        return Set.copyOf(adapter.deviceIds());
    }

    @Override
    public List<String> pointNames(final String deviceId) {
        return device(deviceId).map(d -> d.points().stream().map(Point::name).toList()).orElse(List.of());
    }

    @Override
    public Optional<Point> modbusPoint(final String deviceId, final String point) {
        return device(deviceId).flatMap(d -> d.points().stream().filter(p -> p.name().equals(point)).findFirst());
    }

    @Override
    public Optional<PointOptions> options(final String deviceId, final String point) {
        return modbusPoint(deviceId, point).map(Point::options);
    }

    @Override
    public Optional<DeviceControl> control(final String deviceId) {
        return device(deviceId).map(d -> poller.get());
    }

    @Override
    public Optional<DeviceStatus> status(final String deviceId) {
        return Optional.ofNullable(poller.get().status(deviceId));
    }

    @Override
    public Optional<String> adapterOf(final String deviceId) {
        return device(deviceId).map(d -> adapter.name());
    }
}
