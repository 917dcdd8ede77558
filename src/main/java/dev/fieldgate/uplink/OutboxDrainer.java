package dev.fieldgate.uplink;

import dev.fieldgate.buffer.BufferUnavailableException;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.config.MemoryBudget;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.util.Futures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.Deflater;

/**
 * Forwards the outbox to the uplink, deleting each message only after its PUBACK.
 *
 * <p>Each publish carries the waiting messages of one device (see {@link DrainLane}): the device whose oldest
 * message is oldest goes next, so the batch window widens by itself until the whole plant fits the publish
 * budget. With the {@code live-first} order, messages stored before the connection came up form the backlog
 * and drain oldest first at the budget live data leaves; live messages are held back per device just long
 * enough to stay within their share ({@link DrainPolicy}). Within each lane every device's messages keep their
 * order.
 *
 * <p>Up to {@code maxInFlight} publishes are unacknowledged at once, within the publish and byte rates.
 * When the connection drops, the HiveMQ client keeps the unacknowledged publishes of the persistent session
 * and sends them first after reconnecting. If they fail instead (the broker lost the session), the drainer
 * waits for every outstanding publish to settle and starts again from the oldest stored message: the outbox
 * still holds everything unacknowledged, so nothing is skipped; the only cost is a duplicate of what the
 * broker had already received, which consumers drop by message id.
 */
public final class OutboxDrainer {

    /** AWS IoT Core meters messages in increments of 5 KB of payload. */
    private static final int METERED_UNIT_BYTES = 5 * 1024;
    private static final Logger LOG = Logger.getLogger(OutboxDrainer.class);
    private static final long IDLE_WAIT_MS = 1000;
    /**
     * Read-ahead of each lane: the backlog's is large enough that 1,000 devices' publishes average above
     * AWS's byte budget per publish slot (512 KiB/s / 100/s = 5 KiB), so the backlog drains byte-bound at
     * the full budget; small against the memory budget.
     */
    private static final int READ_AHEAD_MESSAGES = 32_768;

    private final Outbox outbox;
    private final Uplink uplink;
    private final Semaphore window;
    private final PublishPacer pacer;
    private final DrainPolicy policy;
    private final Object signal = new Object();
    private final AtomicBoolean rewind = new AtomicBoolean();
    private final AtomicBoolean appended = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    /** Ids of every message in an unacknowledged publish: not read again when the lanes restart. */
    private final Set<Long> inFlightIds = ConcurrentHashMap.newKeySet();
    /** First id of each unacknowledged publish and when it went out. */
    private final ConcurrentSkipListMap<Long, Long> sentAt = new ConcurrentSkipListMap<>();
    private final PublishLimits limits;
    private final DrainLane backlog;
    private final DrainLane live;
    /** Heap held by unacknowledged publishes (payload and entries), bounded by {@link #inFlightBudget}. */
    private final AtomicLong inFlightBytes = new AtomicLong();
    private final long inFlightBudget;
    /** Largest publish built: the message limit, or a quarter of the in-flight budget when that is less. */
    private final long maxPublishBytes;
    private final Counter published;
    /** The drain thread's own: zlib's native state is made once, not per publish. */
    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Counter payloadBytes;
    private final Counter meteredUnits;
    private final Counter publishes;
    private final Counter backlogPublished;
    private final Counter stalls;
    private final Counter failed;
    private final DistributionSummary batchSize;
    private final Timer latency;
    private final long publishTimeoutNanos;
    private long lastStallNanos;
    /** Drain thread only: when live publishes went in the last second while a backlog drained. */
    private final java.util.ArrayDeque<Long> liveSlots = new java.util.ArrayDeque<>();
    private boolean wasConnected;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param outbox        the source
     * @param uplink        the destination
     * @param limits        in-flight window, rates, message size and publish timeout
     * @param registry      where publish counters and latency go
     */
    public OutboxDrainer(final Outbox outbox, final Uplink uplink, final PublishLimits limits,
                         final MeterRegistry registry) {
        this(outbox, uplink, limits, new PublishPacer(limits.publishesPerSecond(), limits.bytesPerSecond()),
                DrainPolicy.DEFAULT, MemoryBudget.byDefault(), registry);
    }

    /**
     * @param outbox        the source
     * @param uplink        the destination
     * @param limits        in-flight window, rates, message size and publish timeout
     * @param pacer         the connection's rate budget, shared with control traffic
     * @param policy        how live data and backlog share the budget
     * @param memory        read-ahead and in-flight bytes
     * @param registry      where publish counters and latency go
     */
    public OutboxDrainer(final Outbox outbox, final Uplink uplink, final PublishLimits limits, final PublishPacer pacer,
                         final DrainPolicy policy, final MemoryBudget memory, final MeterRegistry registry) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.uplink = Objects.requireNonNull(uplink, "uplink");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.window = new Semaphore(limits.maxInFlight());
        this.backlog = new DrainLane(true, READ_AHEAD_MESSAGES, memory.backlogReadAhead());
        this.live = new DrainLane(false, READ_AHEAD_MESSAGES, memory.liveReadAhead());
        this.inFlightBudget = memory.inFlight();
        this.maxPublishBytes = Math.min(limits.maxMessageBytes(), inFlightBudget / 4);
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.published = Counter.builder("fieldgate.messages.published").description("messages acknowledged by the broker")
                .register(registry);
        this.publishes = Counter.builder("fieldgate.uplink.publishes")
                .description("telemetry publishes acknowledged (each carries one or more messages)").register(registry);
        this.backlogPublished = Counter.builder("fieldgate.messages.published.backlog")
                .description("messages acknowledged that were stored before the connection came up").register(registry);
        this.failed = Counter.builder("fieldgate.messages.publish.failed")
                .description("publishes that failed and will be sent again").register(registry);
        this.publishTimeoutNanos = limits.publishTimeout().toNanos();
        this.payloadBytes = Counter.builder("fieldgate.uplink.payload.bytes")
                .description("payload bytes of telemetry publishes acknowledged").baseUnit("bytes").register(registry);
        this.meteredUnits = Counter.builder("fieldgate.uplink.metered.units")
                .description("telemetry publishes acknowledged, counted as AWS IoT Core meters messages: one per "
                        + "started 5 KB of payload").register(registry);
        this.stalls = Counter.builder("fieldgate.uplink.stalls")
                .description("connections dropped because acknowledgements stopped arriving").register(registry);
        this.batchSize = DistributionSummary.builder("fieldgate.uplink.batch.messages")
                .description("messages per telemetry publish").register(registry);
        this.latency = Timer.builder("fieldgate.publish.latency").description("publish to PUBACK")
                .publishPercentiles(0.5, 0.99).register(registry);
        outbox.onAppended(() -> {
            appended.set(true);
            wake();
        });
        uplink.onStateChange(this::wake);
    }

    /** Starts the drain thread. */
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-drainer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops the drain thread; unacknowledged messages stay stored. */
    public synchronized void stop() {
        running = false;
        wake();
        if (thread != null) {
            try {
                thread.join(5000);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    /** Frees the compressor's native memory; the drainer cannot run again afterwards. */
    public synchronized void close() {
        stop();
        deflater.end();
    }

    /** @return true while the drain thread runs. */
    public synchronized boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    /** @return heap bytes held by publishes sent and not yet acknowledged. */
    public long inFlightBytes() {
        return inFlightBytes.get();
    }

    /** @return publishes sent and not yet acknowledged. */
    public int inFlight() {
        return inFlight.get();
    }

    private void run() {
        while (running) {
            try {
                checkForStall();
                final boolean connected = uplink.isConnected();
                if (!connected) {
                    wasConnected = false;
                    await(IDLE_WAIT_MS);
                } else if (rewind.get()) {
                    rewindWhenSettled();
                } else {
                    if (!wasConnected) {
                        // publishes left from before the outage are resent by the session now: their
                        // acknowledgement is due a publish timeout from here, not from the first send
                        final long now = System.nanoTime();
                        sentAt.replaceAll((id, sent) -> now);
                        restartLanes();
                        wasConnected = true;
                    }
                    drainOne();
                }
            } catch (final BufferUnavailableException e) {
                LOG.errorf("Cannot read the outbox: %s", e.getMessage());
                await(IDLE_WAIT_MS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Everything stored now is backlog, everything committed later is live. Acknowledgements queued so far
     * are committed first, and messages still in flight are skipped: the session resends those.
     */
    private void restartLanes() {
        try {
            outbox.flush().join();
        } catch (final java.util.concurrent.CompletionException e) {
            // a closed or failing outbox: the drain loop waits and tries again
            throw new BufferUnavailableException("cannot commit acknowledgements: " + Futures.cause(e).getMessage(), e);
        }
        final long last = outbox.lastId();
        if (policy.order() == UplinkConfig.DrainOrder.IN_ORDER) {
            backlog.reset(last, last);
            live.reset(0, Long.MAX_VALUE);
        } else {
            backlog.reset(0, last);
            live.reset(last, Long.MAX_VALUE);
        }
    }

    private void rewindWhenSettled() {
        if (inFlight.get() > 0) {
            await(50);
            return;
        }
        restartLanes();
        rewind.set(false);
        LOG.infof("Resending from the oldest unacknowledged message");
    }

    /** Waits for a window slot and the rate budget, then publishes the next batch (or waits for one). */
    private void drainOne() throws InterruptedException {
        if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
            return;
        }
        boolean sent = false;
        try {
            // the batch is chosen only when it may go, so that it carries everything that waited meanwhile
            pacer.awaitFree();
            if (!running || rewind.get() || !uplink.isConnected()) {
                return;
            }
            if (inFlightBytes.get() >= inFlightBudget) {
                // the broker acknowledges slower than the budget fills: wait for acknowledgements
                await(10);
                return;
            }
            if (appended.getAndSet(false)) {
                live.newMessagesCommitted();
            }
            backlog.fill(outbox, inFlightIds::contains);
            live.fill(outbox, inFlightIds::contains);
            final long now = System.currentTimeMillis();
            final DrainBatch batch = next(now);
            if (batch == null) {
                await(backlog.isDrained() ? Math.min(IDLE_WAIT_MS, liveWaitMs(now)) : 10);
                return;
            }
            final byte[] payload = shaped(batch);
            if (payload.length > limits.maxMessageBytes()) {
                // only a single message can be too large: batches stop below the limit
                outbox.reject(batch.first(), payload.length + " bytes exceed the " + limits.maxMessageBytes()
                        + " byte message limit (fieldgate.uplink.max-message-size)");
                return;
            }
            pacer.awaitSlot(payload.length);
            send(batch, payload);
            sent = true;
        } finally {
            if (!sent) {
                window.release();
            }
        }
    }

    /** @return the batch's publish, compressed when the policy says so and that helps */
    private byte[] shaped(final DrainBatch batch) {
        final byte[] payload = batch.payload(limits.maxMessageBytes());
        if (policy.compression() == UplinkConfig.Compression.DEFLATE && batch.format() == PayloadFormat.COMPACT) {
            return PayloadFormat.deflated(payload, batch.backlog(), deflater);
        }
        return payload;
    }

    /**
     * Live messages go first once due; the backlog takes every slot they leave.
     *
     * @return the next batch, or null when nothing is due
     */
    private DrainBatch next(final long now) {
        final OutboxEntry oldestLive = live.oldest();
        final boolean backlogLeft = !backlog.isDrained();
        if (oldestLive != null && (!backlogLeft || liveShareLeft())
                && (live.isFull() || now - oldestLive.createdAt() >= liveWindowMs(backlogLeft))) {
            if (backlogLeft) {
                liveSlots.addLast(System.nanoTime());
            }
            return live.take(maxPublishBytes);
        }
        return backlog.isEmpty() ? null : backlog.take(maxPublishBytes);
    }

    /**
     * The window below makes live messages wait, but devices whose messages fell due together would still
     * take every slot at once: so within any second, live publishes get at most their share of the slots.
     */
    private boolean liveShareLeft() {
        final long now = System.nanoTime();
        while (!liveSlots.isEmpty() && now - liveSlots.peekFirst() >= 1_000_000_000L) {
            liveSlots.pollFirst();
        }
        return liveSlots.size() < Math.max(1, (int) (limits.publishesPerSecond() * policy.liveShare()));
    }

    /**
     * How long each device's live messages wait so that more join their publish: the configured linger, and
     * while a backlog drains long enough that all devices together take no more than the live share of the
     * publish budget: devices / (publishes/s x share).
     */
    private long liveWindowMs(final boolean backlogLeft) {
        final long linger = policy.liveLinger().toMillis();
        if (!backlogLeft) {
            return linger;
        }
        return Math.max(linger, (long) (live.streams() * 1000.0 / (limits.publishesPerSecond() * policy.liveShare())));
    }

    private long liveWaitMs(final long now) {
        final OutboxEntry oldestLive = live.oldest();
        return oldestLive == null ? IDLE_WAIT_MS
                : Math.max(1, liveWindowMs(false) - (now - oldestLive.createdAt()));
    }

    /**
     * A publish unacknowledged for longer than the publish timeout on a connection that still looks alive
     * means the broker ignores it (AWS IoT Core does so over its quota): drop the connection, let the
     * persistent session resend. At most once per timeout period.
     */
    private void checkForStall() {
        final Map.Entry<Long, Long> oldest = sentAt.firstEntry();
        final long now = System.nanoTime();
        // wasConnected: the drain thread has seen this connection come up and restarted the clocks
        if (oldest != null && now - oldest.getValue() > publishTimeoutNanos && wasConnected && uplink.isConnected()
                && now - lastStallNanos > publishTimeoutNanos) {
            lastStallNanos = now;
            stalls.increment();
            LOG.warnf("Message %d unacknowledged for %d s", oldest.getKey(), (now - oldest.getValue()) / 1_000_000_000L);
            uplink.reconnect();
        }
    }

    private void send(final DrainBatch batch, final byte[] payload) {
        inFlight.incrementAndGet();
        final long started = System.nanoTime();
        final List<OutboxEntry> entries = batch.entries();
        final long held = payload.length + entries.stream().mapToLong(OutboxEntry::size).sum();
        inFlightBytes.addAndGet(held);
        entries.forEach(e -> inFlightIds.add(e.id()));
        sentAt.put(batch.first().id(), started);
        uplink.publish(batch.topic(), payload, batch.qos()).whenComplete((ok, error) -> {
            sentAt.remove(batch.first().id());
            try {
                if (error == null) {
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    publishes.increment();
                    payloadBytes.increment(payload.length);
                    meteredUnits.increment(Math.max(1, (payload.length + METERED_UNIT_BYTES - 1) / METERED_UNIT_BYTES));
                    published.increment(entries.size());
                    batchSize.record(entries.size());
                    if (batch.backlog()) {
                        backlogPublished.increment(entries.size());
                    }
                    entries.forEach(outbox::acknowledge);
                } else {
                    onFailure(batch, error);
                }
            } finally {
                entries.forEach(e -> inFlightIds.remove(e.id()));
                inFlightBytes.addAndGet(-held);
                inFlight.decrementAndGet();
                window.release();
                wake();
            }
        });
    }

    private void onFailure(final DrainBatch batch, final Throwable error) {
        final Throwable cause = Futures.cause(error);
        if (cause instanceof PublishRefusedException) {
            batch.entries().forEach(e -> outbox.reject(e, cause.getMessage()));
            return;
        }
        failed.increment();
        if (rewind.compareAndSet(false, true)) {
            LOG.infof("Publish of %s failed (%s); will resend from the oldest unacknowledged message",
                    batch.first().messageId(), cause.getMessage());
        }
    }

    private void wake() {
        synchronized (signal) {
            signal.notifyAll();
        }
    }

    private void await(final long ms) {
        synchronized (signal) {
            try {
                signal.wait(ms);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }
}
