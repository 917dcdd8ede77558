package dev.fieldgate.command;

import dev.fieldgate.config.CommandConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.shadow.LocalShadows;
import dev.fieldgate.uplink.UplinkSession;
import dev.fieldgate.telemetry.TelemetryService;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Composition root of cloud commands: subscribes once the devices poll, closes before the uplink does. */
@ApplicationScoped
public class CommandRoot {

    private final GatewayConfig gateway;
    private final CommandConfig config;
    private final AdapterService field;
    private final LocalShadows shadows;
    private final UplinkSession uplink;
    private final MeterRegistry registry;
    private final TelemetryService telemetry;
    private volatile CommandHandler commands;

    CommandRoot(final GatewayConfig gateway, final CommandConfig config, final AdapterService field,
                final LocalShadows shadows, final UplinkSession uplink, final TelemetryService telemetry,
                final MeterRegistry registry) {
        this.gateway = gateway;
        this.telemetry = telemetry;
        this.config = config;
        this.field = field;
        this.shadows = shadows;
        this.uplink = uplink;
        this.registry = registry;
    }

    void start(@Observes @Priority(Lifecycle.START_HANDLERS) final StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        commands = new CommandHandler(config, gateway.gatewayId(), shadows.things()::deviceOf, gateway.dataDir(),
                field.devices(), field.latest(), field::reload, telemetry::refresh, uplink.control(), registry);
        commands.start();
    }

    void stop(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) {
        if (commands != null) {
            Lifecycle.stopStep("commands", commands::close);
        }
    }
}
