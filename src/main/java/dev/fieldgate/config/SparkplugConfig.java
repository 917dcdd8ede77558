package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Sparkplug B on the plant broker ({@code fieldgate.sparkplug.*}): the gateway as an Edge Node of Eclipse
 * Sparkplug 3.0. The broker is the plant broker of {@code fieldgate.plant-mqtt.host}/{@code port} unless
 * {@code host}/{@code port} here say otherwise (the defaults refer to those keys).
 */
@ConfigMapping(prefix = "fieldgate.sparkplug")
public interface SparkplugConfig {

    /** Run the edge node. Default false. */
    @WithDefault("false")
    boolean enabled();

    /** The Sparkplug group id, the second topic level. Required when enabled; no / + #. */
    Optional<String> groupId();

    /** The edge node id, the fourth topic level. Default: the gateway id. */
    @WithDefault("${fieldgate.gateway-id}")
    String edgeNodeId();

    /**
     * The primary host application's id: births only once its STATE ({@code spBv1.0/STATE/<id>}) says online, and
     * the session ends (NDEATH) while it is offline. Default: none, births at once.
     */
    Optional<String> primaryHostId();

    /** Broker host. Default: {@code fieldgate.plant-mqtt.host} (localhost). */
    @WithDefault("${fieldgate.plant-mqtt.host:localhost}")
    String host();

    /** Broker port. Default: {@code fieldgate.plant-mqtt.port} (1883). */
    @WithDefault("${fieldgate.plant-mqtt.port:1883}")
    int port();

    /** MQTT client id. Default: {@code <gateway id>-sparkplug}. */
    @WithDefault("${fieldgate.gateway-id}-sparkplug")
    String clientId();

    /** User name on the broker. Default: none. */
    Optional<String> username();

    /** Password on the broker; never logged. Default: none. */
    Optional<String> password();

    /** TLS to the broker, verified against {@code tls-ca} and the host name. Default false. */
    @WithDefault("false")
    boolean tls();

    /** PEM file of the CA the broker's certificate chains to, when {@code tls} is on. Default: the JVM's trust. */
    Optional<Path> tlsCa();

    /** MQTT keep-alive. Default 30s. */
    @WithDefault("30s")
    Duration keepAlive();

    /** First wait before connecting again, doubling with jitter up to {@code reconnect-max}. Default 1s. */
    @WithDefault("1s")
    Duration reconnectInitial();

    /** Longest wait before connecting again. Default 30s. */
    @WithDefault("30s")
    Duration reconnectMax();

    /**
     * Accept DCMD writes from the plant broker. Anyone who may publish there could then write to the machines,
     * so turn it on only with a broker whose ACL limits DCMD to the SCADA host. Default false.
     */
    @WithDefault("false")
    boolean dcmdWrites();

    /** How long a DCMD write may wait for its device, read-back included. Default 10s. */
    @WithDefault("10s")
    Duration writeTimeout();

    /** Metrics kept per device; points beyond are not published and are counted. Default 1000. */
    @WithDefault("1000")
    int maxMetricsPerDevice();

    /** Store and forward of the edge node's data while the primary host is offline or the broker away. */
    Buffer buffer();

    /** {@code fieldgate.sparkplug.buffer.*}. */
    interface Buffer {

        /**
         * Payload bytes of DDATA held in {@code {data-dir}/sparkplug-buffer} at most; when full the oldest are dropped
         * and counted. At least 256K. Default 16M.
         */
        @WithDefault("16M")
        MemorySize maxSize();
    }
}
