package dev.fieldgate.demo;

import dev.fieldgate.config.DemoConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.util.Lifecycle;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Composition root of the demo (fieldgate.demo.enabled): the embedded broker before the uplink connects to it,
 * simulated devices before the adapters poll them, both stopped last. A bean only in JVM builds: in the native
 * build ({@code quarkus.native.enabled}) the bean is removed, so nothing reaches the embedded broker and the
 * simulators and they are not compiled into the production image at all.
 */
@ApplicationScoped
@IfBuildProperty(name = "quarkus.native.enabled", stringValue = "false", enableIfMissing = true)
public class DemoRoot {

    private final GatewayConfig gateway;
    private final DemoConfig config;
    private final AdapterService field;
    private volatile DemoEnvironment demo;

    DemoRoot(final GatewayConfig gateway, final DemoConfig config, final AdapterService field) {
        this.gateway = gateway;
        this.config = config;
        this.field = field;
    }

    void startBroker(@Observes @Priority(Lifecycle.START_DEMO_BROKER) final StartupEvent event) {
        if (config.enabled()) {
            demo = DemoEnvironment.startBroker(gateway.dataDir(), gateway.gatewayId(), config.brokerPort());
        }
    }

    void startDevices(@Observes @Priority(Lifecycle.START_DEMO_DEVICES) final StartupEvent event) {
        if (demo != null) {
            demo.startDevices(field.loaded());
        }
    }

    void stop(@Observes @Priority(Lifecycle.STOP_DEMO) final ShutdownEvent event) {
        if (demo != null) {
            Lifecycle.stopStep("the demo", demo::close);
        }
    }
}
