package dev.fieldgate.command;

import java.util.List;
import java.util.Map;

/**
 * A validated command.
 *
 * @param sessionId   the requester's id for it; the idempotency key
 * @param op          what to do
 * @param writes      point → value for {@link Op#WRITE}, in request order; empty otherwise
 * @param reads       points for {@link Op#READ}; empty means all points
 * @param responseTopic  where the reply goes, or null for the default
 * @param timeoutMillis  how long the requester waits at most, or 0 for the configured default
 */
public record CommandRequest(String sessionId, Op op, Map<String, Object> writes, List<String> reads,
                             String responseTopic, long timeoutMillis) {

    /** The operations. */
    public enum Op {
        /** Write points (read back to confirm). */
        WRITE,
        /** Read points now. */
        READ,
        /** The device's state and latest values. */
        STATUS,
        /** Reload the device's adapter file. */
        RELOAD,
        /** Send the device's telemetry schema again (compact encoding; JSON needs none). */
        SCHEMA;

        /** @return the lower-case name used in payloads. */
        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
