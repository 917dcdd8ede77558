package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The one memory setting ({@code fieldgate.memory.*}): every queue, batch, read-ahead and cache between the
 * pollers and the socket gets its share of it (see {@link MemoryBudget}), so that the heap they can take
 * together is known before the gateway starts.
 */
@ConfigMapping(prefix = "fieldgate.memory")
public interface MemoryConfig {

    /**
     * Bytes the data path may hold at once: intake queue, group commit, H2 page caches, drain read-ahead,
     * publishes in flight and web responses. The JVM heap must be larger by the application's own live set
     * (about 40 MiB); the start scripts and manifests size {@code -Xmx} accordingly. At least 24M. Default 48M.
     */
    @WithDefault("48M")
    MemorySize budget();
}
