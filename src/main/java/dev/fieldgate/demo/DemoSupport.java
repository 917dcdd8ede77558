package dev.fieldgate.demo;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.file.Path;

/**
 * Starts the demo environment. A bean only in builds with {@code fieldgate.demo.included} (the default): the
 * native build sets it false, so the embedded broker and simulators are not compiled into the production
 * image at all.
 */
@ApplicationScoped
@IfBuildProperty(name = "fieldgate.demo.included", stringValue = "true", enableIfMissing = true)
public class DemoSupport {

    /** @return the running demo broker, with the demo PKI; see {@link DemoEnvironment#startBroker}. */
    public DemoEnvironment startBroker(final Path dataDir, final String gatewayId, final int port) {
        return DemoEnvironment.startBroker(dataDir, gatewayId, port);
    }
}
