package dev.fieldgate.field.serial;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The sensor reader over an in-memory port: batching, drops, a mute sensor, an unplugged adapter. */
class SerialSensorReaderTest {

    private static final String ADAPTER = String.join("\n",
            "kind: serial-sensor",
            "connection: {port: /dev/ttyFAKE0, timeout: 500ms, reconnect-max: 1s}",
            "device:",
            "  id: cabinet",
            "  interval: 200ms",
            "  parser: {type: key-value}",
            "  points:",
            "    - {name: temperature, field: T, unit: °C}",
            "    - {name: humidity, field: H, scale: 0.1, unit: '%'}");

    private final List<DeviceReadings> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> drops = new ConcurrentHashMap<>();
    private final FakePort port = new FakePort();
    private SerialSensorReader reader;

    @AfterEach
    void stop() {
        reader.stop();
    }

    @Test
    void should_batch_valid_lines_and_count_what_it_drops() {
        start();
        port.send("T=21.5;H=455\r\nT=21.6;H=456\r\n\u0001\u0002garbage\r\nT=21.7;oops\r\n" + "x".repeat(600) + "\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> good().size() >= 4);
        assertThat(good()).extracting(Reading::value).containsExactly(21.5, 45.5, 21.6, 45.6);
        assertThat(received).as("both lines in one interval: one batch").hasSize(1);
        await().atMost(Duration.ofSeconds(2)).until(() -> drops.containsKey("overrun"));
        assertThat(drops).containsKeys("noise", "malformed", "overrun");
    }

    @Test
    void should_report_a_mute_sensor_once_and_recover() {
        start();
        port.send("T=20.0;H=400\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> bad(Quality.BAD_TIMEOUT).size() == 2);
        await().pollDelay(Duration.ofMillis(800)).atMost(Duration.ofSeconds(2)).until(() -> true);
        assertThat(bad(Quality.BAD_TIMEOUT)).as("reported once").hasSize(2);
        port.send("T=20.1;H=401\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> good().size() == 4);
    }

    @Test
    void should_reopen_an_unplugged_port() {
        port.openFailures.set(1);
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> bad(Quality.BAD_NO_CONNECTION).size() == 2);
        assertThat(bad(Quality.BAD_NO_CONNECTION).get(0).detail()).contains("/dev/ttyFAKE0");
        port.send("T=19.0;H=300\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> good().size() == 2);
        port.unplug();
        await().atMost(Duration.ofSeconds(5)).until(() -> port.opens.get() >= 2);
        port.send("T=19.5;H=310\n");
        await().atMost(Duration.ofSeconds(5)).until(() -> good().size() == 4);
    }

    private void start() {
        final AdapterDefinition def = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("s.yaml", "s", ADAPTER);
        final PollMetrics metrics = new PollMetrics() {
            @Override public void polled(final String d, final int r, final long n) { }
            @Override public void error(final String d, final Quality k) { }
            @Override public void overrun(final String d) { }
            @Override public void late(final long nanos) { }
            @Override public void dropped(final String d, final String reason) {
                drops.computeIfAbsent(reason, r -> new AtomicInteger()).incrementAndGet();
            }
        };
        reader = new SerialSensorReader(def.uri(), (SerialLine) def.connection(), def.sensor().orElseThrow(), port,
                received::add, metrics);
        reader.start();
    }

    private List<Reading> good() {
        return received.stream().flatMap(b -> b.readings().stream()).filter(r -> r.quality() == Quality.GOOD).toList();
    }

    private List<Reading> bad(final Quality q) {
        return received.stream().flatMap(b -> b.readings().stream()).filter(r -> r.quality() == q).toList();
    }

    /** A port fed by the test; it can refuse to open and be unplugged. */
    static final class FakePort implements SerialIO {
        final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();
        final AtomicInteger openFailures = new AtomicInteger();
        final AtomicInteger opens = new AtomicInteger();
        volatile boolean unplugged;

        void send(final String text) {
            chunks.add(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        void unplug() {
            unplugged = true;
        }

        @Override
        public void open() {
            if (openFailures.getAndDecrement() > 0) {
                throw new FieldLinkException("serial port /dev/ttyFAKE0 does not exist");
            }
            unplugged = false;
            opens.incrementAndGet();
        }

        @Override
        public int read(final byte[] buffer) {
            if (unplugged) {
                return -1;
            }
            try {
                final byte[] c = chunks.poll(50, TimeUnit.MILLISECONDS);
                if (c == null) {
                    return 0;
                }
                System.arraycopy(c, 0, buffer, 0, c.length);
                return c.length;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return 0;
            }
        }

        @Override
        public void close() {
        }
    }
}
