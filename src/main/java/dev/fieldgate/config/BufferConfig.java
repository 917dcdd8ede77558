package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The durable outbox ({@code fieldgate.buffer.*}); contract in store-forward/README.md. */
@ConfigMapping(prefix = "fieldgate.buffer")
public interface BufferConfig {

    /** What to do when the budget is reached. */
    enum Overflow {
        /** Delete the oldest messages, counting them. */
        DROP_OLDEST,
        /** Refuse new messages, counting them. */
        REJECT_NEW
    }

    /** Payload byte budget of stored messages, e.g. {@code 512M}. Default 256M. */
    @WithDefault("256M")
    MemorySize maxSize();

    /** {@code drop-oldest} or {@code reject-new}. Default drop-oldest. */
    @WithDefault("drop-oldest")
    Overflow overflow();

    /** Force every group commit to the storage device, so a power cut loses nothing accepted. Default true. */
    @WithDefault("true")
    boolean syncOnCommit();

    /** Messages older than this are deleted unsent (and counted): retention by age. Default 7 days. */
    @WithDefault("7d")
    Duration maxAge();

    /**
     * Free space kept on the data volume: below it new readings are refused (counted, buffer state
     * {@code disk-full}, readiness down) while stored ones are still drained, so that H2 never meets a full
     * disk mid-write. Default 64M.
     */
    @WithDefault("64M")
    MemorySize minFreeDisk();

    /**
     * Messages the broker refused for good (not authorized, invalid topic) or too large to publish are kept,
     * up to this many payload bytes, until someone sends them again or discards them (web page, {@code
     * /api/buffer/refused}); beyond it the oldest go. 0 keeps none. Default 16M.
     */
    @WithDefault("16M")
    MemorySize refusedMaxSize();

    /**
     * After a failed commit (out of memory, I/O error, the store closed under it) the outbox reopens its file
     * and goes on; if no commit succeeds for this long, liveness reports DOWN so that the orchestrator
     * restarts the gateway. Default 60 s.
     */
    @WithDefault("60s")
    Duration healTimeout();
}
