package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;

import java.time.Duration;

/**
 * How live data and the backlog share the connection after an outage, and how publishes are shaped.
 *
 * @param order      {@link UplinkConfig.DrainOrder#LIVE_FIRST}: messages stored before the connection came up
 *                   (the backlog) go oldest first, marked {@code "backlog":true}, while live messages go as
 *                   they come, each within its own order per device; {@link UplinkConfig.DrainOrder#IN_ORDER}:
 *                   every device's messages strictly in order, live data behind the backlog
 * @param liveShare  the part of the publish budget live data may take while a backlog drains (0 &lt; share &lt; 1);
 *                   live messages are batched per device so that they fit it, the backlog takes the rest
 * @param compression {@link UplinkConfig.Compression#DEFLATE}: publishes of the compact encoding are deflated
 *                   when that makes them smaller
 * @param liveLinger how long a live message may wait for more of its device's messages to join its publish
 *                   (0 to an hour): fewer, fuller publishes, as AWS IoT Core meters every publish
 */
public record DrainPolicy(UplinkConfig.DrainOrder order, double liveShare, UplinkConfig.Compression compression,
                          Duration liveLinger) {

    /** Longest linger accepted. */
    public static final Duration MAX_LINGER = Duration.ofHours(1);

    /** Live first, half the budget for live data while a backlog drains, no compression, no linger. */
    public static final DrainPolicy DEFAULT = new DrainPolicy(UplinkConfig.DrainOrder.LIVE_FIRST, 0.5,
            UplinkConfig.Compression.NONE, Duration.ZERO);

    /** Checks the share. */
    public DrainPolicy {
        java.util.Objects.requireNonNull(order, "order");
        java.util.Objects.requireNonNull(compression, "compression");
        java.util.Objects.requireNonNull(liveLinger, "liveLinger");
        if (liveLinger.isNegative() || liveLinger.compareTo(MAX_LINGER) > 0) {
            throw new IllegalArgumentException("fieldgate.uplink.live-linger=" + liveLinger + " must lie between 0s and 1h");
        }
        if (!(liveShare > 0 && liveShare < 1)) {
            throw new IllegalArgumentException("fieldgate.uplink.live-share=" + liveShare
                    + " must be between 0 and 1 (exclusive): the part of the budget live data may take while a backlog drains");
        }
    }

    /** @return the policy the configuration asks for */
    public static DrainPolicy from(final UplinkConfig c) {
        return new DrainPolicy(c.drainOrder(), c.liveShare(), c.compression(), c.liveLinger());
    }
}
