package dev.fieldgate.field.run;

import dev.fieldgate.field.adapter.AdapterKind;
import dev.fieldgate.field.mqtt.PlantMqttReader;
import dev.fieldgate.field.mqtt.PlantMqttRouter;
import dev.fieldgate.field.FieldSource;
import dev.fieldgate.field.FieldSourceFactory;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.modbus.ModbusPoller;
import dev.fieldgate.field.serial.JSerialCommIO;
import dev.fieldgate.field.serial.SerialLine;
import dev.fieldgate.field.serial.SerialSensorReader;

import java.util.Map;

/** Makes the reading thread for an adapter of any kind. */
final class FieldSources {

    private FieldSources() {
    }

    static FieldSource create(final AdapterDefinition a, final ReadingSink sink, final PollMetrics metrics,
                              final PlantMqttRouter plant, final Map<AdapterKind, FieldSourceFactory> others) {
        final FieldSourceFactory other = others.get(a.kind());
        if (other != null) {
            return other.create(a, sink, metrics);
        }
        if (a.kind() == AdapterKind.SPARKPLUG) {
            throw new IllegalStateException("no Sparkplug capability runs adapter " + a.name());
        }
        if (a.kind().isModbus()) {
            return ModbusPoller.create(a, sink, metrics);
        }
        if (a.kind() == AdapterKind.MQTT) {
            return new PlantMqttReader(a, sink, metrics, plant);
        }
        final SerialLine line = (SerialLine) a.connection();
        return new SerialSensorReader(a.uri(), line, a.sensor().orElseThrow(), new JSerialCommIO(line), sink, metrics);
    }
}
