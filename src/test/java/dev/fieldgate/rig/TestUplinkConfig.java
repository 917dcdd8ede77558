package dev.fieldgate.rig;

import dev.fieldgate.config.UplinkConfig;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An uplink configuration for tests that drive {@code HivemqUplink} directly: quick reconnects, localhost. Built by
 * SmallRye's own mapping from properties, so every setting not named keeps the default the code declares.
 */
public final class TestUplinkConfig {

    private TestUplinkConfig() {
    }

    /**
     * @param port     the broker's TLS port on localhost
     * @param version  MQTT version
     * @param ca       CA file
     * @param cert     client certificate file
     * @param key      client key file
     * @return the configuration
     */
    public static UplinkConfig of(final int port, final UplinkConfig.MqttVersion version, final Path ca, final Path cert,
                                  final Path key) {
        return of(port, version, ca, cert, key, Map.of());
    }

    /**
     * @param more further {@code fieldgate.uplink.*} properties, overriding the ones above
     * @see #of(int, UplinkConfig.MqttVersion, Path, Path, Path)
     */
    public static UplinkConfig of(final int port, final UplinkConfig.MqttVersion version, final Path ca, final Path cert,
                                  final Path key, final Map<String, String> more) {
        final Map<String, String> p = new HashMap<>();
        p.put("fieldgate.uplink.host", "localhost");
        p.put("fieldgate.uplink.port", Integer.toString(port));
        p.put("fieldgate.uplink.mqtt-version", version.name().toLowerCase());
        p.put("fieldgate.uplink.keep-alive", "30s");
        p.put("fieldgate.uplink.session-expiry", "5m");
        p.put("fieldgate.uplink.reconnect-initial", "200ms");
        p.put("fieldgate.uplink.reconnect-max", "1s");
        p.put("fieldgate.uplink.reconnect-fast-delay", "1s");
        p.put("fieldgate.uplink.max-in-flight", "10");
        p.put("fieldgate.uplink.tls.ca", ca.toString());
        p.put("fieldgate.uplink.tls.cert", cert.toString());
        p.put("fieldgate.uplink.tls.key", key.toString());
        p.putAll(more);
        final SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(UplinkConfig.class)
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withConverter(java.time.Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(p, "test", 100))
                .build();
        return config.getConfigMapping(UplinkConfig.class);
    }
}
