package dev.fieldgate.telemetry;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.ReadingSinks;
import dev.fieldgate.telemetry.compact.CompactTelemetryEncoder;
import dev.fieldgate.telemetry.compact.PointTables;
import dev.fieldgate.uplink.UplinkSession;
import dev.fieldgate.util.Housekeeping;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;

/**
 * Composition root of telemetry: puts every reading batch into the durable buffer, the first of the sinks, in
 * the configured encoding and after report by exception.
 */
@ApplicationScoped
public class TelemetryRoot implements TelemetryService {

    private static final Duration FORGET_REMOVED_DEVICES = Duration.ofMinutes(1);

    private final GatewayConfig gateway;
    private final UplinkConfig uplink;
    private final BufferService buffer;
    private final ReadingSinks sinks;
    private final AdapterService field;
    private final Housekeeping housekeeping;
    private final UplinkSession session;
    private final MeterRegistry registry;
    private volatile TelemetryEncoder encoder;

    TelemetryRoot(final GatewayConfig gateway, final UplinkConfig uplink, final BufferService buffer,
                  final ReadingSinks sinks, final AdapterService field, final Housekeeping housekeeping,
                  final UplinkSession session, final MeterRegistry registry) {
        this.session = session;
        this.gateway = gateway;
        this.uplink = uplink;
        this.buffer = buffer;
        this.sinks = sinks;
        this.field = field;
        this.housekeeping = housekeeping;
        this.registry = registry;
    }

    void start(@Observes @Priority(Lifecycle.START_TELEMETRY) final StartupEvent event) {
        final TelemetryTopics topics = new TelemetryTopics(uplink.telemetryTopic(), gateway.gatewayId());
        final ReportByException filter = new ReportByException(field.devices());
        if (uplink.encoding() == UplinkConfig.Encoding.COMPACT) {
            final PointTables tables = new PointTables(gateway.gatewayId());
            encoder = new CompactTelemetryEncoder(tables, topics,
                    new TelemetryTopics("fieldgate.uplink.schema-topic", uplink.schemaTopic(), gateway.gatewayId()));
            housekeeping.every(FORGET_REMOVED_DEVICES, "forget removed devices' point tables",
                    () -> tables.retainOnly(field.devices().deviceIds()));
            session.uplink().onStateChange(() -> {
                if (session.uplink().isConnected()) {
                    tables.announceAllAgain();
                }
            });
        } else {
            encoder = new JsonTelemetryEncoder(topics, gateway.gatewayId());
        }
        housekeeping.every(FORGET_REMOVED_DEVICES, "forget removed devices' last sent values",
                filter::forgetRemovedDevices);
        sinks.addSink(new TelemetryRecorder(buffer.opened(), encoder, filter, registry));
    }

    @Override
    public String refresh(final String deviceId) {
        final TelemetryEncoder current = encoder;
        return current == null ? "telemetry has not started yet" : current.refresh(deviceId);
    }
}
