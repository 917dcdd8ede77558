package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;

/** Identity and storage of this gateway ({@code fieldgate.*}). */
@ConfigMapping(prefix = "fieldgate")
public interface GatewayConfig {

    /**
     * The gateway id: its AWS IoT thing name and its MQTT client id. Required; 1-128 of A-Z a-z 0-9 _ : -.
     */
    String gatewayId();

    /** Directory for the buffer, shadows and generated files. Default {@code data} (relative to the working dir). */
    @WithDefault("data")
    Path dataDir();
}
