package dev.fieldgate.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Backup endpoints ({@code fieldgate.uplink.failover.*}): another region, or a broker in the plant. The primary is
 * {@code fieldgate.uplink.host}; the backups use the same transport, TLS files and credentials.
 */
public interface FailoverConfig {

    /** Backup endpoints, {@code host} or {@code host:port}, tried in this order after the primary. */
    Optional<List<String>> endpoints();

    /** Failed connection attempts in a row on one endpoint before the next one is tried. Default 3. */
    @WithDefault("3")
    int after();

    /**
     * While on a backup, how often the gateway tries the primary again (a real connection attempt; when it fails
     * {@link #after()} times the gateway goes back to the backup). Default 5 min.
     */
    @WithDefault("5m")
    Duration probePrimary();
}
