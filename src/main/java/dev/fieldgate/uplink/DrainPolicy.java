package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;

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
 */
public record DrainPolicy(UplinkConfig.DrainOrder order, double liveShare, UplinkConfig.Compression compression) {

    /** Live first, half the budget for live data while a backlog drains, no compression. */
    public static final DrainPolicy DEFAULT = new DrainPolicy(UplinkConfig.DrainOrder.LIVE_FIRST, 0.5,
            UplinkConfig.Compression.NONE);

    /** Checks the share. */
    public DrainPolicy {
        java.util.Objects.requireNonNull(order, "order");
        java.util.Objects.requireNonNull(compression, "compression");
        if (!(liveShare > 0 && liveShare < 1)) {
            throw new IllegalArgumentException("fieldgate.uplink.live-share=" + liveShare
                    + " must be between 0 and 1 (exclusive): the part of the budget live data may take while a backlog drains");
        }
    }

    /** @return the policy the configuration asks for */
    public static DrainPolicy from(final UplinkConfig c) {
        return new DrainPolicy(c.drainOrder(), c.liveShare(), c.compression());
    }
}
