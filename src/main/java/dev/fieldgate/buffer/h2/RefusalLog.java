package dev.fieldgate.buffer.h2;

import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Logs the broker's refusals at most once a minute per kind of reason: a policy that refuses a plant's topics
 * refuses every publish, and a line per publish would flood the log for as long as nobody fixes it. The first
 * refusal of a kind is logged at once, later ones are summed into the next line. Writer thread only.
 */
final class RefusalLog {

    private static final Logger LOG = Logger.getLogger(RefusalLog.class);
    static final long INTERVAL_MS = 60_000;
    /** Kinds remembered at most; reasons differ only by numbers (sizes), so this is never reached in practice. */
    private static final int MAX_KINDS = 256;

    private final LongSupplier clock;
    private final Consumer<String> sink;
    private final Map<String, Kind> kinds = new HashMap<>();

    private static final class Kind {
        long lastLogged = Long.MIN_VALUE;
        long messages;
        String reason;
        String topic;
        String messageId;
    }

    /** Logs at ERROR with the wall clock. */
    RefusalLog() {
        this(System::currentTimeMillis, LOG::error);
    }

    RefusalLog(final LongSupplier clock, final Consumer<String> sink) {
        this.clock = clock;
        this.sink = sink;
    }

    /** Counts refusals just committed and logs the kinds that are due. */
    void record(final Collection<WriteOp.Delete> refused) {
        for (final WriteOp.Delete r : refused) {
            if (kinds.size() >= MAX_KINDS) {
                kinds.values().removeIf(k -> k.messages == 0);
            }
            final Kind k = kinds.computeIfAbsent(r.reason.replaceAll("\\d+", "#"), key -> new Kind());
            if (k.messages++ == 0) {
                k.reason = r.reason;
                k.topic = r.entry.topic();
                k.messageId = r.entry.messageId();
            }
        }
        logDue();
    }

    /** Logs the kinds with refusals not logged yet whose minute is over. */
    void logDue() {
        final long now = clock.getAsLong();
        for (final Kind k : kinds.values()) {
            if (k.messages > 0 && (k.lastLogged == Long.MIN_VALUE || now - k.lastLogged >= INTERVAL_MS)) {
                sink.accept(String.format("Broker refused %d message(s) for good (%s), for example %s on %s%s. They "
                        + "are kept among the refused messages until sent again or discarded (web page, "
                        + "/api/buffer/refused)", k.messages, k.reason, k.messageId, k.topic,
                        k.lastLogged == Long.MIN_VALUE ? "" : " since the last report; refusals are reported once a minute"));
                k.lastLogged = now;
                k.messages = 0;
            }
        }
    }
}
