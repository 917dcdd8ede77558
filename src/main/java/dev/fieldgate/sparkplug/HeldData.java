package dev.fieldgate.sparkplug;

import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The DDATA the edge node could not publish while its primary host was offline or the plant broker away, held
 * durably in an outbox of their own until they go out as historical data. Each is stored as a Sparkplug payload
 * whose metrics carry their point's name (aliases are given anew at every start, a name is not), the original
 * value timestamps and no seq (a new one is given when it is sent). The stream is the device id, so the outbox
 * keeps each device's messages in order. Thread-safe.
 */
final class HeldData {

    private static final Logger LOG = Logger.getLogger(HeldData.class);

    private final Outbox outbox;
    private final Counter held;
    private final Counter replayed;
    private final AtomicLong refused = new AtomicLong();

    /**
     * @param outbox   the store, bounded: when full it drops the oldest and counts them
     * @param registry where the counters go
     */
    HeldData(final Outbox outbox, final MeterRegistry registry) {
        this.outbox = Objects.requireNonNull(outbox, "outbox");
        held = Counter.builder("fieldgate.sparkplug.history.held")
                .description("DDATA held while the primary host was offline or the broker away").register(registry);
        replayed = Counter.builder("fieldgate.sparkplug.history.replayed")
                .description("held DDATA published as historical data and acknowledged by the broker")
                .register(registry);
        FunctionCounter.builder("fieldgate.sparkplug.history.dropped", this,
                        h -> h.outbox.stats().dropped() + h.outbox.stats().expired() + h.refused.get())
                .description("held DDATA lost: the oldest dropped when the store was full or past "
                        + "fieldgate.buffer.max-age, refused by the store, or of a device no longer configured")
                .register(registry);
        Gauge.builder("fieldgate.sparkplug.history.depth", outbox, o -> o.stats().depth())
                .description("held DDATA waiting to be sent").register(registry);
    }

    /**
     * Stores one DDATA; a store that refuses it (its intake full, its disk failing) costs the message, counted.
     *
     * @param deviceId the device
     * @param topic    the DDATA topic
     * @param metrics  the changed metrics, each with its name
     * @param now      epoch ms, the payload's timestamp
     */
    void hold(final String deviceId, final String topic, final List<Metric> metrics, final long now) {
        final byte[] payload = SparkplugCodec.encode(new SparkplugPayload(now, OptionalLong.empty(), metrics));
        outbox.append(List.of(new OutboundMessage(deviceId, topic, 1, id -> payload, payload.length)))
                .whenComplete((entries, e) -> {
                    if (e == null) {
                        held.increment();
                    } else {
                        refused.incrementAndGet();
                        LOG.debugf("Held DDATA of %s lost: %s", deviceId, e.toString());
                    }
                });
    }

    /**
     * @param afterId  0 for the oldest
     * @param max      at most this many
     * @param maxBytes payload bytes after which no further entry is read
     * @return the held messages after {@code afterId}, oldest first
     */
    List<OutboxEntry> read(final long afterId, final int max, final long maxBytes) {
        return outbox.readAfter(afterId, max, maxBytes);
    }

    /** The message is published and acknowledged by the broker: it is removed. */
    void sent(final OutboxEntry entry) {
        outbox.acknowledge(entry);
        replayed.increment();
    }

    /** The message can no longer be sent (its device is gone or not born): it is removed, counted as dropped. */
    void discard(final OutboxEntry entry) {
        outbox.acknowledge(entry);
        refused.incrementAndGet();
    }

    /** @return completes once every removal asked for so far is committed, so a fresh read does not repeat it */
    CompletableFuture<Void> flush() {
        return outbox.flush();
    }
}
