package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The technicians' web page ({@code fieldgate.web.*}); the port is Quarkus' {@code quarkus.http.port}. */
@ConfigMapping(prefix = "fieldgate.web")
public interface WebConfig {

    /** A session without a request for this long is signed out. Default 30 min. */
    @WithDefault("30m")
    Duration sessionTimeout();

    /**
     * {@code generated}: HTTPS with a self-signed certificate made on first start (HTTP redirects to it);
     * {@code off}: plain HTTP, or whatever {@code quarkus.http.ssl.*} configures. Default off.
     */
    @WithDefault("off")
    String https();

    /** Mark the session cookie Secure (only sent over HTTPS); set it when the page is served over TLS. Default false. */
    @WithDefault("false")
    boolean secureCookie();

    /**
     * Hosts a test read may reach besides those the adapter files name: host names, addresses or CIDR ranges
     * ({@code 10.20.0.0/16}). Keeps a technician's session from scanning the plant network. Default none.
     */
    Optional<List<String>> testReadHosts();
}
