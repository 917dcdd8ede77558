package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

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

    /** Broker port. Default from the transport: 8883 for {@code mqtts}, 443 for every other one. */
    Optional<Integer> port();

    /**
     * How the gateway reaches the broker: one value per connection pattern AWS IoT Core offers
     * (see {@link Transport}). Default mqtts (MQTT over TLS with the client certificate, port 8883).
     */
    @WithDefault("mqtts")
    Transport transport();

    /** The connection patterns of AWS IoT Core (developer guide, "Protocols, port mappings, and authentication"). */
    enum Transport {
        /** MQTT over TLS, X.509 client certificate, port 8883. */
        MQTTS(8883, null, false, true),
        /** MQTT over TLS on 443 with ALPN {@code x-amzn-mqtt-ca}, X.509 client certificate (AWS refuses 443 without it). */
        MQTTS_ALPN(443, "x-amzn-mqtt-ca", false, true),
        /** MQTT over TLS on 443 with ALPN {@code mqtt}, a custom authorizer (user name and password). */
        MQTTS_CUSTOM_AUTH(443, "mqtt", false, false),
        /** MQTT over WebSocket ({@code wss://host/mqtt}) with an X.509 client certificate: plant brokers. */
        WSS(443, null, true, true),
        /** MQTT over WebSocket with a SigV4-presigned URL (temporary AWS credentials), no client certificate. */
        WSS_SIGV4(443, null, true, false),
        /** MQTT over WebSocket with a custom authorizer (token, signature, or user name and password). */
        WSS_CUSTOM_AUTH(443, null, true, false);

        /** The port used when {@code fieldgate.uplink.port} is not set. */
        public final int defaultPort;
        /** ALPN protocol offered in the TLS ClientHello, or null for none. */
        public final String alpn;
        /** Whether MQTT rides on a WebSocket. */
        public final boolean webSocket;
        /** Whether the gateway authenticates with its client certificate (and the TLS files are required). */
        public final boolean clientCertificate;

        Transport(final int defaultPort, final String alpn, final boolean webSocket, final boolean clientCertificate) {
            this.defaultPort = defaultPort;
            this.alpn = alpn;
            this.webSocket = webSocket;
            this.clientCertificate = clientCertificate;
        }
    }

    /** Custom authorizer settings, for the custom-auth transports. */
    CustomAuthConfig customAuth();

    /** Backup endpoints and when to use them. */
    FailoverConfig failover();

    /** AWS credentials and region, for the wss-sigv4 transport. */
    SigV4Config sigv4();

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

    /**
     * For this long after the connection was lost, network failures (connection refused, timeout, reset) are
     * retried every {@link #reconnectFastDelay()} instead of with growing backoff, so that the gateway is back
     * within seconds of a broker restart or a short outage. Refusals by the broker (certificate, policy,
     * quota) always back off. 0 turns fast retries off. Default 5 min.
     */
    @WithDefault("5m")
    Duration reconnectFastWindow();

    /** Delay of fast retries, jittered between half and all of it; 1 s or more keeps within AWS's connect quota. Default 2 s. */
    @WithDefault("2s")
    Duration reconnectFastDelay();

    /**
     * The upstream's per-connection quotas: {@code aws-iot-core} (100 publishes/s, 512 KiB/s, 100
     * unacknowledged, 128 KiB per message; the defaults below keep inside them and larger values are refused)
     * or {@code unlimited} for a plant or test broker. Default aws-iot-core.
     */
    @WithDefault("aws-iot-core")
    Profile profile();

    /** Upstream quota profiles, with the defaults and hard limits they imply. */
    enum Profile {
        /** AWS IoT Core's per-connection quotas. */
        AWS_IOT_CORE(50, 100, 512 * 1024, 128 * 1024, 100, 100, 512 * 1024, 128 * 1024),
        /** No quota: a plant broker, Mosquitto, a test broker. */
        UNLIMITED(500, 10_000, 100L * 1024 * 1024, 256L * 1024 * 1024, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Long.MAX_VALUE, 256L * 1024 * 1024);

        /** Defaults: unacknowledged messages, publishes/s, bytes/s, message bytes. */
        public final int inFlight;
        public final int publishRate;
        public final long byteRate;
        public final long messageSize;
        /** Hard limits of the upstream: a setting above them is refused at start. */
        public final int maxInFlight;
        public final int maxPublishRate;
        public final long maxByteRate;
        public final long maxMessageSize;

        Profile(final int inFlight, final int publishRate, final long byteRate, final long messageSize,
                final int maxInFlight, final int maxPublishRate, final long maxByteRate, final long maxMessageSize) {
            this.inFlight = inFlight;
            this.publishRate = publishRate;
            this.byteRate = byteRate;
            this.messageSize = messageSize;
            this.maxInFlight = maxInFlight;
            this.maxPublishRate = maxPublishRate;
            this.maxByteRate = maxByteRate;
            this.maxMessageSize = maxMessageSize;
        }
    }

    /** Messages published but not yet acknowledged at most. Default from the profile (aws-iot-core: 50 of AWS's 100). */
    Optional<Integer> maxInFlight();

    /** Publishes per second at most. Default from the profile (aws-iot-core: 100). */
    Optional<Integer> maxPublishRate();

    /** Payload bytes per second at most. Default from the profile (aws-iot-core: 512K). */
    Optional<MemorySize> maxByteRate();

    /**
     * Largest message published; a larger one is dropped and counted instead of costing the connection
     * (AWS IoT Core disconnects a client that publishes more than 128 KiB). Default from the profile.
     */
    Optional<MemorySize> maxMessageSize();

    /**
     * A publish unacknowledged for this long on a connection that looks alive makes the gateway reconnect:
     * AWS IoT Core may ignore publishes over its quota without closing the connection. Default 60 s.
     */
    @WithDefault("60s")
    Duration publishTimeout();

    /** How live data and the backlog share the connection after an outage. */
    enum DrainOrder {
        /** Backlog oldest first (marked "backlog"), live data alongside it within its share. */
        LIVE_FIRST,
        /** Every device's messages strictly in order: live data waits behind the backlog. */
        IN_ORDER
    }

    /**
     * {@code live-first}: after an outage, live messages go out alongside the backlog (which is marked
     * {@code "backlog":true} and drains oldest first); {@code in-order}: each device's messages strictly in
     * acceptance order, live data behind the backlog. Default live-first.
     */
    @WithDefault("live-first")
    DrainOrder drainOrder();

    /**
     * While a backlog drains, live messages may take this part of the publish budget (batched per device so
     * that they fit); the backlog takes the rest. Default 0.5.
     */
    @WithDefault("0.5")
    double liveShare();

    /**
     * How long a live message may wait for more messages of its device to join its publish: fewer, fuller
     * publishes (AWS IoT Core meters each publish, in 5 KB units) for that much more latency. 0s sends each
     * poll at once. Default 0s.
     */
    @WithDefault("0s")
    Duration liveLinger();

    /** Telemetry topic template; {gateway} and {device} are replaced. Default dt/fieldgate/{gateway}/{device}/telemetry. */
    @WithDefault("dt/fieldgate/{gateway}/{device}/telemetry")
    String telemetryTopic();

    /**
     * Schema topic template of the compact encoding, where each device's point table goes; {gateway} and
     * {device} are replaced. Default dt/fieldgate/{gateway}/{device}/schema.
     */
    @WithDefault("dt/fieldgate/{gateway}/{device}/schema")
    String schemaTopic();

    /** Telemetry payload encodings. */
    enum Encoding {
        /** Version 1: self-describing JSON, names, units and qualities in every message. */
        JSON,
        /** Version 2: protobuf by point alias ({@code fieldgate_telemetry.proto}), tables on the schema topic. */
        COMPACT
    }

    /**
     * {@code json} (payload version 1, self-describing) or {@code compact} (version 2: protobuf, points by
     * alias, a schema message per device on {@link #schemaTopic()}). Default json.
     */
    @WithDefault("json")
    Encoding encoding();

    /** Compression of whole publishes. */
    enum Compression {
        /** None. */
        NONE,
        /** Raw deflate of the compact encoding's batches, when it makes the publish smaller. */
        DEFLATE
    }

    /**
     * {@code none} or {@code deflate}: compresses each compact publish (JSON is never compressed) when that
     * makes it smaller. AWS IoT rules cannot inflate: only for consumers that can. Default none.
     */
    @WithDefault("none")
    Compression compression();

    /** Client certificate, key and CA. */
    TlsConfig tls();
}
