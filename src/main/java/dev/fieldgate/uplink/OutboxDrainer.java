package dev.fieldgate.uplink;

import dev.fieldgate.buffer.BufferUnavailableException;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.util.Futures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Forwards the outbox to the uplink in id order, deleting each message only after its PUBACK.
 *
 * <p>Up to {@code maxInFlight} messages are unacknowledged at once, within the publish and byte rates.
 * When the connection drops, the HiveMQ client keeps the unacknowledged messages of the persistent session
 * and sends them first after reconnecting, so order is kept. If they fail instead (the broker lost the
 * session), the drainer waits for every outstanding message to settle and rewinds to the oldest stored
 * message: the outbox still holds everything unacknowledged, so nothing is skipped and order is kept;
 * the only cost is a duplicate of what the broker had already received, which consumers drop by message id.
 */
public final class OutboxDrainer {

    private static final Logger LOG = Logger.getLogger(OutboxDrainer.class);
    private static final int READ_BATCH = 256;
    private static final long IDLE_WAIT_MS = 1000;

    private final Outbox outbox;
    private final Uplink uplink;
    private final Semaphore window;
    private final PublishPacer pacer;
    private final Object signal = new Object();
    private final AtomicBoolean rewind = new AtomicBoolean();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final PublishLimits limits;
    private final Counter published;
    private final Counter stalls;
    private final long publishTimeoutNanos;
    private final java.util.concurrent.ConcurrentSkipListMap<Long, Long> sentAt =
            new java.util.concurrent.ConcurrentSkipListMap<>();
    private long lastStallNanos;
    private final Counter failed;
    private final Timer latency;
    private volatile boolean running;
    private Thread thread;
    private long cursor;

    /**
     * @param outbox        the source
     * @param uplink        the destination
     * @param limits        in-flight window, rates, message size and publish timeout
     * @param registry      where publish counters and latency go
     */
    public OutboxDrainer(final Outbox outbox, final Uplink uplink, final PublishLimits limits,
                         final MeterRegistry registry) {
        this(outbox, uplink, limits, new PublishPacer(limits.publishesPerSecond(), limits.bytesPerSecond()), registry);
    }

    /**
     * @param outbox        the source
     * @param uplink        the destination
     * @param limits        in-flight window, rates, message size and publish timeout
     * @param pacer         the connection's rate budget, shared with control traffic
     * @param registry      where publish counters and latency go
     */
    public OutboxDrainer(final Outbox outbox, final Uplink uplink, final PublishLimits limits, final PublishPacer pacer,
                         final MeterRegistry registry) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        this.uplink = Objects.requireNonNull(uplink, "uplink");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.window = new Semaphore(limits.maxInFlight());
        this.pacer = Objects.requireNonNull(pacer, "pacer");
        this.published = Counter.builder("fieldgate.messages.published").description("messages acknowledged by the broker")
                .register(registry);
        this.failed = Counter.builder("fieldgate.messages.publish.failed")
                .description("publishes that failed and will be sent again").register(registry);
        this.publishTimeoutNanos = limits.publishTimeout().toNanos();
        this.stalls = Counter.builder("fieldgate.uplink.stalls")
                .description("connections dropped because acknowledgements stopped arriving").register(registry);
        this.latency = Timer.builder("fieldgate.publish.latency").description("publish to PUBACK")
                .publishPercentiles(0.5, 0.99).register(registry);
        outbox.onAppended(this::wake);
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

    /** @return true while the drain thread runs. */
    public synchronized boolean isAlive() {
        return thread != null && thread.isAlive();
    }

    /** @return messages published and not yet acknowledged. */
    public int inFlight() {
        return inFlight.get();
    }

    private void run() {
        while (running) {
            try {
                checkForStall();
                if (!uplink.isConnected()) {
                    await(IDLE_WAIT_MS);
                } else if (rewind.get()) {
                    rewindWhenSettled();
                } else if (!drainBatch()) {
                    await(IDLE_WAIT_MS);
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

    private void rewindWhenSettled() {
        if (inFlight.get() > 0) {
            await(50);
            return;
        }
        outbox.flush().join();
        cursor = 0;
        rewind.set(false);
        LOG.infof("Resending from the oldest unacknowledged message");
    }

    /** @return false when there was nothing to send */
    private boolean drainBatch() throws InterruptedException {
        final List<OutboxEntry> batch = outbox.readAfter(cursor, READ_BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        for (final OutboxEntry e : batch) {
            while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                checkForStall();
                if (!running || rewind.get() || !uplink.isConnected()) {
                    return true;
                }
            }
            if (!running || rewind.get() || !uplink.isConnected()) {
                window.release();
                return true;
            }
            if (e.payload().length > limits.maxMessageBytes()) {
                window.release();
                outbox.reject(e, e.payload().length + " bytes exceed the " + limits.maxMessageBytes()
                        + " byte message limit (fieldgate.uplink.max-message-size)");
                cursor = e.id();
                continue;
            }
            pacer.awaitSlot(e.payload().length);
            send(e);
            cursor = e.id();
        }
        return true;
    }

    /**
     * A publish unacknowledged for longer than the publish timeout on a connection that still looks alive
     * means the broker ignores it (AWS IoT Core does so over its quota): drop the connection, let the
     * persistent session resend. At most once per timeout period.
     */
    private void checkForStall() {
        final java.util.Map.Entry<Long, Long> oldest = sentAt.firstEntry();
        final long now = System.nanoTime();
        if (oldest != null && now - oldest.getValue() > publishTimeoutNanos && uplink.isConnected()
                && now - lastStallNanos > publishTimeoutNanos) {
            lastStallNanos = now;
            stalls.increment();
            LOG.warnf("Message %d unacknowledged for %d s", oldest.getKey(), (now - oldest.getValue()) / 1_000_000_000L);
            uplink.reconnect();
        }
    }

    private void send(final OutboxEntry e) {
        inFlight.incrementAndGet();
        final long started = System.nanoTime();
        sentAt.put(e.id(), started);
        uplink.publish(e.topic(), e.payload(), e.qos()).whenComplete((ok, error) -> {
            sentAt.remove(e.id());
            try {
                if (error == null) {
                    latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
                    published.increment();
                    outbox.acknowledge(e);
                } else {
                    onFailure(e, error);
                }
            } finally {
                inFlight.decrementAndGet();
                window.release();
                wake();
            }
        });
    }

    private void onFailure(final OutboxEntry e, final Throwable error) {
        final Throwable cause = Futures.cause(error);
        if (cause instanceof PublishRefusedException) {
            outbox.reject(e, cause.getMessage());
            return;
        }
        failed.increment();
        if (rewind.compareAndSet(false, true)) {
            LOG.infof("Publish of %s failed (%s); will resend from the oldest unacknowledged message",
                    e.messageId(), cause.getMessage());
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
