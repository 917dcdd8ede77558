package dev.fieldgate.rig;

import dev.fieldgate.config.TlsConfig;
import dev.fieldgate.config.UplinkConfig;
import io.quarkus.runtime.configuration.MemorySize;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** An uplink configuration for tests that drive {@code HivemqUplink} directly: quick reconnects, localhost. */
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
        return new UplinkConfig() {
            @Override public String host() { return "localhost"; }
            @Override public int port() { return port; }
            @Override public MqttVersion mqttVersion() { return version; }
            @Override public Duration keepAlive() { return Duration.ofSeconds(30); }
            @Override public Duration sessionExpiry() { return Duration.ofMinutes(5); }
            @Override public Duration reconnectInitial() { return Duration.ofMillis(200); }
            @Override public Duration reconnectMax() { return Duration.ofSeconds(1); }
            @Override public Duration reconnectFastWindow() { return Duration.ofMinutes(5); }
            @Override public Duration reconnectFastDelay() { return Duration.ofSeconds(1); }
            @Override public Profile profile() { return Profile.AWS_IOT_CORE; }
            @Override public DrainOrder drainOrder() { return DrainOrder.LIVE_FIRST; }
            @Override public double liveShare() { return 0.5; }
            @Override public java.time.Duration liveLinger() { return java.time.Duration.ZERO; }
            @Override public java.util.Optional<Integer> maxInFlight() { return java.util.Optional.of(10); }
            @Override public java.util.Optional<Integer> maxPublishRate() { return java.util.Optional.empty(); }
            @Override public java.util.Optional<MemorySize> maxByteRate() { return java.util.Optional.empty(); }
            @Override public java.util.Optional<MemorySize> maxMessageSize() { return java.util.Optional.empty(); }
            @Override public Duration publishTimeout() { return Duration.ofSeconds(60); }
            @Override public String telemetryTopic() { return "dt/fieldgate/{gateway}/{device}/telemetry"; }
            @Override public String schemaTopic() { return "dt/fieldgate/{gateway}/{device}/schema"; }
            @Override public Encoding encoding() { return Encoding.JSON; }
            @Override public Compression compression() { return Compression.NONE; }
            @Override public TlsConfig tls() {
                return new TlsConfig() {
                    @Override public Path ca() { return ca; }
                    @Override public Path cert() { return cert; }
                    @Override public Path key() { return key; }
                    @Override public List<String> protocols() { return List.of("TLSv1.3", "TLSv1.2"); }
                };
            }
        };
    }
}
