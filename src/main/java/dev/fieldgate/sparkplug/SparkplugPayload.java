package dev.fieldgate.sparkplug;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A Sparkplug B payload (spec 6.4.2).
 *
 * @param timestamp  epoch ms when the message was made
 * @param seq        0..255; absent in NDEATH (and in STATE, which is not protobuf)
 * @param metrics    the metrics, possibly none
 */
public record SparkplugPayload(long timestamp, OptionalLong seq, List<Metric> metrics) {

    /** Checks the sequence range and copies the metrics. */
    public SparkplugPayload {
        Objects.requireNonNull(seq, "seq");
        metrics = List.copyOf(metrics);
        if (seq.isPresent() && (seq.getAsLong() < 0 || seq.getAsLong() > 255)) {
            throw new IllegalArgumentException("seq " + seq.getAsLong() + " is outside 0..255");
        }
    }
}
