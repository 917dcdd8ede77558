package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Secure tunnels to the gateway and its devices ({@code fieldgate.tunnel.*}). Nothing is reachable through
 * a tunnel unless it is allow-listed here, per thing: {@code fieldgate.tunnel.allow.<device-id>.<service>=host:port},
 * with the gateway's own id for services of the gateway box itself.
 */
@ConfigMapping(prefix = "fieldgate.tunnel")
public interface TunnelConfig {

    /** Accept tunnel notifications. Default false. */
    @WithDefault("false")
    boolean enabled();

    /** device id (or the gateway id) → service id → host:port. */
    Map<String, Map<String, String>> allow();

    /**
     * The tunneling service's endpoint, {@code wss://host[:port]}; default from the notification's region
     * ({@code wss://data.tunneling.iot.<region>.amazonaws.com}). For tests and private endpoints.
     */
    Optional<String> endpoint();

    /** A CA file to trust for the endpoint instead of the JVM's trust store (tests, private endpoints). */
    Optional<java.nio.file.Path> endpointCa();

    /** Ping interval on the WebSocket, keeping idle tunnels open. Default 20 s. */
    @WithDefault("20s")
    Duration pingInterval();

    /** Time to open a local TCP connection to an allow-listed service. Default 5 s. */
    @WithDefault("5s")
    Duration connectTimeout();
}
