package dev.fieldgate.sparkplug;

import dev.fieldgate.buffer.OutboxEntry;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Sends the held DDATA after the births, oldest first, paced: at most one message every
 * {@link #INTERVAL_MS} ms and {@link #MAX_IN_FLIGHT} unacknowledged, so that a long outage does not come back as a
 * burst that floods the plant broker and the host; live data go out alongside. A message is removed from the held
 * outbox only on the broker's PUBACK, so a crash or a lost connection during the replay loses nothing and repeats
 * at most the messages in flight. A replay stops when the node is no longer born and starts again from the oldest
 * held message with the next births.
 *
 * <p>Thread-safe: every state change runs on the replay's own thread.
 */
final class HistoryReplay implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(HistoryReplay.class);
    /** Pause between two historical messages: at most 100 a second. */
    static final long INTERVAL_MS = 10;
    /** Historical messages sent and not yet acknowledged, at most; below the MQTT client's own in-flight window. */
    static final int MAX_IN_FLIGHT = 8;
    /** Held messages read ahead at once, and their payload bytes at most. */
    private static final int PAGE = 64;
    private static final long PAGE_BYTES = 256L << 10;

    /** Pause before a held message whose device was not born yet is tried again. */
    static final long RETRY_MS = 5000;

    /** Where historical messages go: the edge node, which gives them their seq and aliases. */
    interface Sender {

        /**
         * @param entry a held DDATA
         * @return what became of it
         */
        Attempt sendHistorical(OutboxEntry entry);
    }

    /**
     * What became of one held message.
     *
     * @param state what happened
     * @param acked for {@link State#SENT}: completes on the broker's acknowledgement; otherwise null
     */
    record Attempt(State state, CompletableFuture<Void> acked) {

        /** The outcomes. */
        enum State {
            /** published; removed once acknowledged */
            SENT,
            /** removed unsent by the sender, and counted (its device is gone, or nothing of it can be sent) */
            DROPPED,
            /** its device is not born yet: it and its device's later messages wait for the next pass */
            DEVICE_WAITING,
            /** the node is not born: the replay ends until the next births */
            NODE_NOT_BORN
        }

        /** Checks that only a sent message has an acknowledgement to wait for. */
        Attempt {
            Objects.requireNonNull(state, "state");
            if ((state == State.SENT) != (acked != null)) {
                throw new IllegalArgumentException("an acknowledgement goes with SENT and only with it");
            }
        }

        /** @return published, completing on its acknowledgement */
        static Attempt sent(final CompletableFuture<Void> acked) {
            return new Attempt(State.SENT, Objects.requireNonNull(acked, "acked"));
        }

        /** @return dropped by the sender */
        static Attempt dropped() {
            return new Attempt(State.DROPPED, null);
        }

        /** @return its device is not born yet */
        static Attempt deviceWaiting() {
            return new Attempt(State.DEVICE_WAITING, null);
        }

        /** @return the node is not born */
        static Attempt nodeNotBorn() {
            return new Attempt(State.NODE_NOT_BORN, null);
        }
    }

    private final HeldData held;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "sparkplug-history");
        t.setDaemon(true);
        return t;
    });
    private final ArrayDeque<OutboxEntry> page = new ArrayDeque<>();
    /** Devices whose messages wait in this pass, so that none of theirs overtakes another. */
    private final Set<String> waiting = new HashSet<>();
    private long pauseUntilMs;
    private volatile Sender sender;
    private ScheduledFuture<?> ticks;
    private long cursor;
    private int inFlight;
    private long sentThisRun;
    private boolean rewind;
    private boolean flushing;

    /** @param held the held outbox */
    HistoryReplay(final HeldData held) {
        this.held = Objects.requireNonNull(held, "held");
    }

    /** @param s the edge node; before {@link #start()} */
    void attach(final Sender s) {
        sender = Objects.requireNonNull(s, "s");
    }

    /** The node is born (anew): sends what is held, from the oldest. Returns at once. */
    void start() {
        if (thread.isShutdown()) {
            return;   // a birth while the gateway stops: what is held waits for the next start
        }
        thread.execute(() -> {
            rewind = true;
            sentThisRun = 0;
            pauseUntilMs = 0;
            waiting.clear();
            if (ticks == null) {
                ticks = thread.scheduleWithFixedDelay(this::tick, 0, INTERVAL_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Stops sending; what is not acknowledged stays held. */
    @Override
    public void close() {
        thread.shutdownNow();
    }

    private void tick() {
        try {
            step();
        } catch (final RuntimeException e) {
            // a failing store read must not end the replay thread: the next births try again
            LOG.warnf("Sparkplug history replay paused: %s", e.toString());
            stopTicks();
        }
    }

    private void step() {
        if (flushing || inFlight >= MAX_IN_FLIGHT || System.currentTimeMillis() < pauseUntilMs) {
            return;
        }
        if (rewind) {
            if (inFlight == 0) {
                rewindNow();
            }
            return;
        }
        if (page.isEmpty()) {
            page.addAll(held.read(cursor, PAGE, PAGE_BYTES));
            if (page.isEmpty()) {
                passDone();
                return;
            }
        }
        final OutboxEntry entry = nextNotWaiting();
        if (entry == null) {
            return;   // the page held only messages of waiting devices: the next tick reads on
        }
        final Attempt attempt = sender.sendHistorical(entry);
        if (attempt.state() == Attempt.State.NODE_NOT_BORN) {
            LOG.debugf("Sparkplug history replay paused: the node is not born");
            stopTicks();
            return;
        }
        cursor = entry.id();
        if (attempt.state() == Attempt.State.DEVICE_WAITING) {
            waiting.add(entry.stream());
        } else if (attempt.state() == Attempt.State.SENT) {
            inFlight++;
            attempt.acked().whenComplete((v, e) -> thread.execute(() -> acknowledged(entry, e)));
        }
    }

    /** @return the page's next message whose device is not waiting; those passed over cost no pause */
    private OutboxEntry nextNotWaiting() {
        OutboxEntry entry = page.poll();
        while (entry != null && waiting.contains(entry.stream())) {
            cursor = entry.id();
            entry = page.poll();
        }
        return entry;
    }

    private void passDone() {
        if (inFlight > 0) {
            return;
        }
        if (waiting.isEmpty()) {
            if (sentThisRun > 0) {
                LOG.infof("Sparkplug history replay done: %d held message(s) sent as historical data", sentThisRun);
            }
            stopTicks();
            return;
        }
        // a device not born yet (its first reading is still to come, or it is down): its messages wait for it
        LOG.debugf("Held DDATA of %s wait for their device's birth", waiting);
        waiting.clear();
        rewind = true;
        pauseUntilMs = System.currentTimeMillis() + RETRY_MS;
    }

    private void acknowledged(final OutboxEntry entry, final Throwable failure) {
        inFlight--;
        if (failure == null) {
            held.sent(entry);
            sentThisRun++;
        } else {
            // still held; read again from the oldest once the in-flight ones are settled (spec: duplicates of
            // historical data are harmless, a gap is not)
            LOG.debugf("Historical DDATA %d not acknowledged: %s", entry.id(), failure.toString());
            rewind = true;
        }
    }

    private void rewindNow() {
        rewind = false;
        flushing = true;
        // removals of acknowledged messages are committed first, so that reading from the oldest repeats none
        held.flush().whenComplete((v, e) -> thread.execute(() -> {
            flushing = false;
            cursor = 0;
            page.clear();
        }));
    }

    private void stopTicks() {
        if (ticks != null) {
            ticks.cancel(false);
            ticks = null;
        }
    }
}
