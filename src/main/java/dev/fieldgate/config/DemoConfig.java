package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The self-contained demo ({@code fieldgate.demo.*}): simulated Modbus devices and an embedded mutual-TLS
 * broker. On in the dev profile only; production never starts either.
 */
@ConfigMapping(prefix = "fieldgate.demo")
public interface DemoConfig {

    /** Start the simulated devices and the embedded broker. Default false. */
    @WithDefault("false")
    boolean enabled();

    /** TLS port of the embedded broker on 127.0.0.1. Default 8883. */
    @WithDefault("8883")
    int brokerPort();
}
