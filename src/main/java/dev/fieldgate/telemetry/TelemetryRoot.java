package dev.fieldgate.telemetry;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.field.ReadingSinks;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Composition root of telemetry: puts every reading batch into the durable buffer, the first of the sinks. */
@ApplicationScoped
public class TelemetryRoot {

    private final GatewayConfig gateway;
    private final UplinkConfig uplink;
    private final BufferService buffer;
    private final ReadingSinks sinks;
    private final MeterRegistry registry;

    TelemetryRoot(final GatewayConfig gateway, final UplinkConfig uplink, final BufferService buffer,
                  final ReadingSinks sinks, final MeterRegistry registry) {
        this.gateway = gateway;
        this.uplink = uplink;
        this.buffer = buffer;
        this.sinks = sinks;
        this.registry = registry;
    }

    void start(@Observes @Priority(Lifecycle.START_TELEMETRY) final StartupEvent event) {
        final TelemetryTopics topics = new TelemetryTopics(uplink.telemetryTopic(), gateway.gatewayId());
        sinks.addSink(new TelemetryRecorder(buffer.opened(), topics, gateway.gatewayId(), registry));
    }
}
