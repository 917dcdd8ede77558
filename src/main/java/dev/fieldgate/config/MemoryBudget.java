package dev.fieldgate.config;

/**
 * How the data path's memory budget ({@code fieldgate.memory.budget}) is shared out. Each part is a hard
 * bound in bytes enforced by its owner; when one is reached the owner applies back-pressure (the pollers skip
 * polls and count an overrun, the drainer waits) instead of holding more.
 *
 * <table>
 * <caption>shares of the budget</caption>
 * <tr><td>intake</td><td>1/4</td><td>polls accepted by the outbox and waiting for the disk</td></tr>
 * <tr><td>commit</td><td>1/24</td><td>payload bytes of one group commit (H2 buffers a chunk of this size)</td></tr>
 * <tr><td>outbox cache</td><td>1/12</td><td>H2 page cache of the outbox file</td></tr>
 * <tr><td>other stores</td><td>3 MiB</td><td>H2 page caches of shadows, commands and accounts (1 MiB each)</td></tr>
 * <tr><td>backlog read-ahead</td><td>1/6</td><td>stored messages read ahead for the backlog lane</td></tr>
 * <tr><td>live read-ahead</td><td>1/12</td><td>stored messages read ahead for the live lane</td></tr>
 * <tr><td>in flight</td><td>1/6</td><td>payload bytes of publishes sent and not yet acknowledged</td></tr>
 * <tr><td>web</td><td>1/24</td><td>one web response or diagnostics bundle</td></tr>
 * </table>
 * The parts add up to at most the budget (the rest is slack for per-object overhead).
 *
 * @param total the configured budget in bytes
 */
public record MemoryBudget(long total) {

    /** Smallest budget that leaves each part room for a full-size message. */
    public static final long MIN_TOTAL = 24L << 20;
    /** The default of {@code fieldgate.memory.budget} (48M in {@link MemoryConfig}). */
    public static final long DEFAULT_TOTAL = 48L << 20;
    /** Page cache of each small H2 store (shadows, commands, accounts). */
    public static final long SMALL_STORE_CACHE = 1L << 20;

    /** Checks the total. */
    public MemoryBudget {
        if (total < MIN_TOTAL) {
            throw new IllegalArgumentException("fieldgate.memory.budget=" + total + " bytes is below the smallest "
                    + "workable budget of " + MIN_TOTAL + " bytes (24M)");
        }
    }

    /** @return the default budget, for components built without the configuration (tools, tests) */
    public static MemoryBudget byDefault() {
        return new MemoryBudget(DEFAULT_TOTAL);
    }

    /** @return the budget the configuration asks for */
    public static MemoryBudget from(final MemoryConfig config) {
        return new MemoryBudget(config.budget().asLongValue());
    }

    /** @return bytes of appends that may wait for the outbox writer */
    public long intake() {
        return total / 4;
    }

    /** @return payload bytes one group commit gathers at most */
    public long commit() {
        return total / 24;
    }

    /** @return the outbox's H2 page cache in bytes */
    public long outboxCache() {
        return total / 12;
    }

    /** @return payload bytes the backlog lane reads ahead */
    public long backlogReadAhead() {
        return total / 6;
    }

    /** @return payload bytes the live lane reads ahead */
    public long liveReadAhead() {
        return total / 12;
    }

    /** @return payload bytes of unacknowledged publishes at most */
    public long inFlight() {
        return total / 6;
    }

    /** @return bytes one web response may take */
    public long web() {
        return total / 24;
    }

    /** @return the sum of the parts, never above {@link #total()} */
    public long parts() {
        return intake() + commit() + outboxCache() + 3 * SMALL_STORE_CACHE + backlogReadAhead() + liveReadAhead()
                + inFlight() + web();
    }
}
