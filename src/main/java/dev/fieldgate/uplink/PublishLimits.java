package dev.fieldgate.uplink;

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

    /** Checks the values. */
    public PublishLimits {
        Objects.requireNonNull(publishTimeout, "publishTimeout");
        if (maxInFlight < 1 || publishesPerSecond < 1 || bytesPerSecond < 1 || maxMessageBytes < 1) {
            throw new IllegalArgumentException("fieldgate.uplink max-in-flight, max-publish-rate, max-byte-rate and "
                    + "max-message-size must be positive");
        }
    }
}
