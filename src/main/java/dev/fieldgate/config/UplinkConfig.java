package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The one upstream MQTT session ({@code fieldgate.uplink.*}). */
@ConfigMapping(prefix = "fieldgate.uplink")
public interface UplinkConfig {

    /** MQTT protocol version. */
    enum MqttVersion {
        /** MQTT 5: reason codes on acknowledgements, session expiry. */
        V5,
        /** MQTT 3.1.1. */
        V3
    }

    /** Broker host name, e.g. {@code abc123-ats.iot.eu-central-1.amazonaws.com}. Required. */
    String host();

    /** Broker TLS port. Default 8883. */
    @WithDefault("8883")
    int port();

    /** MQTT protocol version, {@code v5} or {@code v3} (3.1.1). Default v5. */
    @WithDefault("v5")
    MqttVersion mqttVersion();

    /** Keep-alive interval; AWS IoT Core accepts 30 s to 1200 s. Default 60 s. */
    @WithDefault("60s")
    Duration keepAlive();

    /**
     * How long the broker keeps the session (subscriptions, queued QoS 1 messages) while the gateway is
     * offline: MQTT 5 session expiry, or a persistent (clean-session false) 3.1.1 session when non-zero.
     * Default 1 h (the AWS IoT Core default quota; 7 days at most).
     */
    @WithDefault("1h")
    Duration sessionExpiry();

    /** First reconnect delay; doubles up to {@link #reconnectMax()}, with jitter. Default 1 s. */
    @WithDefault("1s")
    Duration reconnectInitial();

    /** Longest reconnect delay. Default 2 min. */
    @WithDefault("2m")
    Duration reconnectMax();

    /** Messages published but not yet acknowledged at most; AWS IoT Core allows 100. Default 50. */
    @WithDefault("50")
    int maxInFlight();

    /** Publishes per second at most; AWS IoT Core allows 100 per connection. Default 100. */
    @WithDefault("100")
    int maxPublishRate();

    /** Payload bytes per second at most; AWS IoT Core allows 512 KiB/s per connection. Default 512K. */
    @WithDefault("512K")
    MemorySize maxByteRate();

    /**
     * Largest message published; a larger one is dropped and counted instead of costing the connection
     * (AWS IoT Core disconnects a client that publishes more than 128 KiB). Default 128K.
     */
    @WithDefault("128K")
    MemorySize maxMessageSize();

    /**
     * A publish unacknowledged for this long on a connection that looks alive makes the gateway reconnect:
     * AWS IoT Core may ignore publishes over its quota without closing the connection. Default 60 s.
     */
    @WithDefault("60s")
    Duration publishTimeout();

    /** Telemetry topic template; {gateway} and {device} are replaced. Default dt/fieldgate/{gateway}/{device}/telemetry. */
    @WithDefault("dt/fieldgate/{gateway}/{device}/telemetry")
    String telemetryTopic();

    /** Client certificate, key and CA. */
    TlsConfig tls();
}
