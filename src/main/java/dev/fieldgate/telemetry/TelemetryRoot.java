package dev.fieldgate.telemetry;

import dev.fieldgate.buffer.h2.OutboxRoot;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.field.run.FieldRoot;
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
    private final OutboxRoot buffer;
    private final FieldRoot field;
    private final MeterRegistry registry;

    TelemetryRoot(final GatewayConfig gateway, final OutboxRoot buffer, final FieldRoot field,
                  final MeterRegistry registry) {
        this.gateway = gateway;
        this.buffer = buffer;
        this.field = field;
        this.registry = registry;
    }

    void start(@Observes @Priority(Lifecycle.START_TELEMETRY) final StartupEvent event) {
        field.addSink(new TelemetryRecorder(buffer.opened(), field.topics(), gateway.gatewayId(), registry));
    }
}
