package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;
import io.quarkus.runtime.configuration.MemorySize;

import java.time.Duration;
import java.util.Objects;

/**
 * How hard the drainer may use the connection: the broker's per-connection quotas (AWS IoT Core: 100
 * publishes/s, 512 KiB/s, 100 unacknowledged, 128 KiB per message) with the gateway's own margin.
 *
 * @param maxInFlight      unacknowledged publishes at most
 * @param publishesPerSecond publishes per second at most
 * @param bytesPerSecond   payload bytes per second at most
 * @param maxMessageBytes  largest payload published; larger ones are refused for good
 * @param publishTimeout   an acknowledgement later than this on a live connection means it is stuck
 */
public record PublishLimits(int maxInFlight, int publishesPerSecond, long bytesPerSecond, long maxMessageBytes,
                            Duration publishTimeout) {

    /**
     * The limits the configuration asks for: explicit settings, else the profile's defaults.
     *
     * @throws IllegalArgumentException naming a setting above what the profile's upstream allows
     */
    public static PublishLimits from(final UplinkConfig c) {
        final UplinkConfig.Profile p = c.profile();
        final int inFlight = c.maxInFlight().orElse(p.inFlight);
        final int rate = c.maxPublishRate().orElse(p.publishRate);
        final long bytes = c.maxByteRate().map(MemorySize::asLongValue).orElse(p.byteRate);
        final long size = c.maxMessageSize().map(MemorySize::asLongValue).orElse(p.messageSize);
        check("max-in-flight", inFlight, p.maxInFlight, p);
        check("max-publish-rate", rate, p.maxPublishRate, p);
        check("max-byte-rate", bytes, p.maxByteRate, p);
        check("max-message-size", size, p.maxMessageSize, p);
        return new PublishLimits(inFlight, rate, bytes, size, c.publishTimeout());
    }

    private static void check(final String key, final long value, final long limit, final UplinkConfig.Profile p) {
        if (value > limit) {
            throw new IllegalArgumentException("fieldgate.uplink." + key + "=" + value + " is above what the "
                    + p.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + " profile allows (" + limit
                    + "); the upstream would throttle or disconnect the gateway. Use fieldgate.uplink.profile=unlimited "
                    + "for a broker without quotas");
        }
    }

    /** Checks the values. */
    public PublishLimits {
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        if (maxInFlight < 1 || publishesPerSecond < 1 || bytesPerSecond < 1 || maxMessageBytes < 1) {
            throw new IllegalArgumentException("fieldgate.uplink max-in-flight, max-publish-rate, max-byte-rate and "
                    + "max-message-size must be positive");
        }
    }
}
