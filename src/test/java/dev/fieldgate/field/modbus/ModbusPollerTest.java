package dev.fieldgate.field.modbus;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.FieldOperationException;
import dev.fieldgate.field.WriteOutcome;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.RegisterType;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Scripted device conversations: what the link answers per unit, and what the poller makes of it. */
class ModbusPollerTest {

    private static final String ADAPTER = String.join("\n",
            "kind: modbus-tcp",
            "connection: {host: 127.0.0.1, port: 502, reconnect-max: 1s}",
            "defaults: {interval: 50ms}",
            "devices:",
            "  - {id: good, unit-id: 1, points: [{name: v, register-type: holding-register, address: 0}]}",
            "  - {id: behind-gateway, unit-id: 2, points: [{name: v, register-type: holding-register, address: 0}]}",
            "  - {id: wrong-map, unit-id: 3, points: [{name: v, register-type: holding-register, address: 0}]}", "");

    private final List<DeviceReadings> received = new CopyOnWriteArrayList<>();
    private final ScriptedLink link = new ScriptedLink();
    private ModbusPoller poller;

    @AfterEach
    void stop() {
        poller.stop();
    }

    @Test
    void should_back_off_a_unit_its_gateway_cannot_reach_while_polling_the_others() {
        link.exceptionFor.put(2, 11);   // gateway target device failed to respond
        link.exceptionFor.put(3, 2);    // illegal data address: a register map that does not fit
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf("good") >= 40);
        // 50 ms interval: ~40 polls of the good unit in the time the unreachable one was asked ~2-3 times
        assertThat(link.requests.get(2).get()).isBetween(1, 5);
        assertThat(link.requests.get(3).get()).as("a device exception is an answer, not a reason to back off")
                .isGreaterThan(20);
        final DeviceReadings unreachable = first("behind-gateway");
        assertThat(unreachable.readings().get(0).quality()).isEqualTo(Quality.BAD_TIMEOUT);
        assertThat(unreachable.readings().get(0).detail()).contains("exception 11");
        assertThat(received.stream().filter(b -> b.deviceId().equals("wrong-map")))
                .as("an unchanged bad state is reported once").hasSize(1);
        assertThat(first("wrong-map").readings().get(0).quality()).isEqualTo(Quality.BAD_DEVICE_EXCEPTION);
        assertThat(link.opens.get()).as("exception responses keep the connection").isEqualTo(1);
    }

    @Test
    void should_report_a_lost_connection_for_every_device_and_reconnect() {
        start();
        await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf("good") >= 5);
        link.broken = true;
        await().atMost(Duration.ofSeconds(5)).until(() -> received.stream()
                .filter(b -> b.readings().get(0).quality() == Quality.BAD_NO_CONNECTION).count() == 3);
        link.broken = false;
        final int before = readingsOf("good");
        await().atMost(Duration.ofSeconds(10)).until(() -> readingsOf("good") > before + 5);
        assertThat(link.opens.get()).isGreaterThan(1);
    }

    @Test
    void should_keep_two_units_at_their_rate_when_the_third_on_the_line_stops_answering() {
        link.silentUnit = 2;   // answers nothing: costs a full 100 ms timeout whenever it is asked
        start(String.join("\n",
                "kind: modbus-rtu",
                "connection: {port: /dev/ttyRS485, baud-rate: 115200, timeout: 100ms, turnaround: 5ms}",
                "defaults: {interval: 100ms}",
                "devices:",
                "  - {id: u1, unit-id: 1, points: [{name: v, register-type: holding-register, address: 0}]}",
                "  - {id: u2, unit-id: 2, points: [{name: v, register-type: holding-register, address: 0}]}",
                "  - {id: u3, unit-id: 3, points: [{name: v, register-type: holding-register, address: 0}]}", ""));
        await().atMost(Duration.ofSeconds(10)).until(() -> readingsOf("u1") >= 30);
        // 30 polls at 100 ms: unit 3 kept pace, unit 2 was asked only a few times under backoff
        assertThat(readingsOf("u3")).isGreaterThanOrEqualTo(27);
        assertThat(link.requests.get(2).get()).isBetween(1, 6);
        // one request at a time, and never before the 5 ms turnaround after the previous answer
        assertThat(link.minGapNanos).isGreaterThanOrEqualTo(5_000_000L);
    }

    @Test
    void should_write_between_polls_and_confirm_by_reading_back() throws Exception {
        start(WRITABLE);
        await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf("u1") >= 2);
        final WriteOutcome outcome = poller.write("u1", point("u1"), 21.5, System.currentTimeMillis() + 5000)
                .get(5, TimeUnit.SECONDS);
        assertThat(outcome.readBack().value()).isEqualTo(21.5);
        assertThat(link.written.get(1)).containsExactly(0, (byte) 215);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.stream().anyMatch(b -> b.deviceId().equals("u1")
                && Double.valueOf(21.5).equals(b.readings().get(0).value())));
    }

    @Test
    void should_report_a_write_the_device_did_not_keep() {
        link.clampTo = new byte[] {0, 100};
        start(WRITABLE);
        final var result = poller.write("u1", point("u1"), 21.5, System.currentTimeMillis() + 5000);
        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThat(result).isCompletedExceptionally();
        final Throwable cause = result.handle((ok, e) -> e).join();
        assertThat(((FieldOperationException) cause).failure()).isEqualTo(FieldFailure.NOT_CONFIRMED);
        assertThat(cause.getMessage()).contains("reads back 10.0");
    }

    @Test
    void should_hold_a_write_for_a_silent_device_until_it_expires_without_stalling_the_line() {
        link.silentUnit = 2;
        start(WRITABLE);
        await().atMost(Duration.ofSeconds(5)).until(() -> poller.status("u2") != null && !poller.status("u2").reachable());
        final int writesBefore = link.writes.get();
        final var result = poller.write("u2", point("u2"), 5.0, System.currentTimeMillis() + 1500);
        final int polledBefore = readingsOf("u1");
        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        final Throwable cause = result.handle((ok, e) -> e).join();
        assertThat(((FieldOperationException) cause).failure()).isEqualTo(FieldFailure.EXPIRED);
        assertThat(link.writes.get()).as("nothing sent to a device known to be down").isEqualTo(writesBefore);
        assertThat(readingsOf("u1") - polledBefore).as("the other unit kept its 100 ms polls").isGreaterThanOrEqualTo(10);
    }

    @Test
    void should_refuse_requests_for_devices_it_does_not_poll() {
        start(WRITABLE);
        final var result = poller.read("nobody", List.of(point("u1")), System.currentTimeMillis() + 1000);
        final Throwable cause = result.handle((ok, e) -> e).join();
        assertThat(((FieldOperationException) cause).failure()).isEqualTo(FieldFailure.UNKNOWN_DEVICE);
    }

    @Test
    void should_read_every_device_of_a_slow_interval_soon_after_start() {
        // energy meters read every 15 minutes: the first reading of the last one must not wait 15 minutes
        start(String.join("\n",
                "kind: modbus-tcp",
                "connection: {host: 127.0.0.1, port: 502}",
                "defaults: {interval: 15m}",
                "devices:",
                "  - {id: m1, unit-id: 1, points: [{name: kwh, register-type: holding-register, address: 0}]}",
                "  - {id: m2, unit-id: 2, points: [{name: kwh, register-type: holding-register, address: 0}]}",
                "  - {id: m3, unit-id: 3, points: [{name: kwh, register-type: holding-register, address: 0}]}", ""));
        await().atMost(Duration.ofMillis(ModbusPoller.MAX_START_SPREAD_NANOS / 1_000_000 + 2000))
                .until(() -> readingsOf("m1") == 1 && readingsOf("m2") == 1 && readingsOf("m3") == 1);
        // still spread, not all due at once: three groups a third of the spread apart
        assertThat(first("m3").readings().get(0).timestamp() - first("m1").readings().get(0).timestamp())
                .isGreaterThanOrEqualTo(ModbusPoller.MAX_START_SPREAD_NANOS / 1_000_000 / 3 * 2 - 50);
    }

    private static final String WRITABLE = String.join("\n",
            "kind: modbus-tcp",
            "connection: {host: 127.0.0.1, port: 502, timeout: 100ms}",
            "defaults: {interval: 100ms}",
            "devices:",
            "  - {id: u1, unit-id: 1, points: [{name: sp, register-type: holding-register, address: 0, scale: 0.1, writable: true, min: 0, max: 50}]}",
            "  - {id: u2, unit-id: 2, points: [{name: sp, register-type: holding-register, address: 0, scale: 0.1, writable: true}]}", "");

    private dev.fieldgate.field.Point point(final String device) {
        return poller.adapter().devices().stream().filter(d -> d.id().equals(device)).findFirst().orElseThrow()
                .points().get(0);
    }

    @Test
    void should_skip_polls_and_count_overruns_while_the_sink_has_no_room_then_poll_again() {
        final java.util.concurrent.atomic.AtomicBoolean room = new java.util.concurrent.atomic.AtomicBoolean(true);
        final Map<String, AtomicInteger> overruns = new ConcurrentHashMap<>();
        final dev.fieldgate.field.ReadingSink sink = new dev.fieldgate.field.ReadingSink() {
            @Override
            public void accept(final DeviceReadings batch) {
                received.add(batch);
            }

            @Override
            public boolean hasRoom(final int readings) {
                assertThat(readings).as("one point per device group").isEqualTo(1);
                return room.get();
            }
        };
        final PollMetrics counting = new PollMetrics() {
            @Override
            public void overrun(final String device) {
                overruns.computeIfAbsent(device, d -> new AtomicInteger()).incrementAndGet();
            }
        };
        final AdapterDefinition def = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("t.yaml", "t", ADAPTER);
        poller = new ModbusPoller(def, a -> link, sink, counting);
        poller.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf("good") >= 3);

        room.set(false);
        await().atMost(Duration.ofSeconds(2)).until(() -> overruns.getOrDefault("good", new AtomicInteger()).get() > 0);
        final int requestsWhileFull = link.requests.get(1).get();
        final int batchesWhileFull = readingsOf("good");
        await().atMost(Duration.ofSeconds(5)).until(() -> overruns.get("good").get() >= 10);
        assertThat(link.requests.get(1).get()).as("the device is not read while nothing could be kept")
                .isLessThanOrEqualTo(requestsWhileFull + 1);
        assertThat(readingsOf("good")).isLessThanOrEqualTo(batchesWhileFull + 1);

        room.set(true);
        await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf("good") >= batchesWhileFull + 5);
    }

    private void start() {
        start(ADAPTER);
    }

    private void start(final String yaml) {
        final AdapterDefinition def = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("t.yaml", "t", yaml);
        poller = new ModbusPoller(def, a -> link, received::add, PollMetrics.NONE);
        poller.start();
    }

    private int readingsOf(final String device) {
        return (int) received.stream().filter(b -> b.deviceId().equals(device)).count();
    }

    private DeviceReadings first(final String device) {
        await().atMost(Duration.ofSeconds(5)).until(() -> readingsOf(device) > 0);
        return received.stream().filter(b -> b.deviceId().equals(device)).findFirst().orElseThrow();
    }

    /** Answers register reads per unit: a value, an exception code, or a broken connection. */
    static final class ScriptedLink implements ModbusLink {
        final Map<Integer, Integer> exceptionFor = new ConcurrentHashMap<>();
        final Map<Integer, byte[]> written = new ConcurrentHashMap<>();
        final AtomicInteger writes = new AtomicInteger();
        volatile byte[] clampTo;
        final Map<Integer, AtomicInteger> requests = new ConcurrentHashMap<>();
        final AtomicInteger opens = new AtomicInteger();
        volatile boolean broken;
        volatile int silentUnit = -1;
        volatile long minGapNanos = Long.MAX_VALUE;
        private long lastAnswerNanos;
        private boolean open;

        @Override
        public void open() {
            if (broken) {
                throw new FieldLinkException("connection refused");
            }
            opens.incrementAndGet();
            open = true;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public byte[] readRegisters(final int unitId, final RegisterType table, final int start, final int count)
                throws ModbusDeviceException, ModbusTimeoutException {
            requests.computeIfAbsent(unitId, u -> new AtomicInteger()).incrementAndGet();
            final long now = System.nanoTime();
            if (lastAnswerNanos != 0) {
                minGapNanos = Math.min(minGapNanos, now - lastAnswerNanos);
            }
            try {
                return answer(unitId);
            } finally {
                lastAnswerNanos = System.nanoTime();
            }
        }

        private byte[] answer(final int unitId) throws ModbusDeviceException, ModbusTimeoutException {
            if (unitId == silentUnit) {
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
                throw new ModbusTimeoutException("no answer on /dev/ttyRS485 within 100 ms", true);
            }
            if (broken) {
                open = false;
                throw new FieldLinkException("connection reset");
            }
            final Integer code = exceptionFor.get(unitId);
            if (code != null) {
                throw new ModbusDeviceException(code);
            }
            return written.getOrDefault(unitId, new byte[] {0, 42});
        }

        @Override
        public void writeRegisters(final int unitId, final int start, final byte[] wire)
                throws ModbusDeviceException, ModbusTimeoutException {
            writes.incrementAndGet();
            answer(unitId);
            written.put(unitId, clampTo != null ? clampTo : wire.clone());
        }

        @Override
        public void writeCoil(final int unitId, final int address, final boolean value)
                throws ModbusDeviceException, ModbusTimeoutException {
            writes.incrementAndGet();
            answer(unitId);
        }

        @Override
        public boolean[] readBits(final int unitId, final RegisterType table, final int start, final int count) {
            return new boolean[count];
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
