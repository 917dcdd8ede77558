package dev.fieldgate.telemetry;

import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.Quality;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Poll counters per device in Micrometer: {@code fieldgate.poll.errors{device,kind}} and friends. */
public final class MicrometerPollMetrics implements PollMetrics {

    private final MeterRegistry registry;
    private final Timer lateness;
    /** One timer per device, looked up once: polled() runs on every poll of every device. */
    private final Map<String, Timer> durations = new ConcurrentHashMap<>();
    private final AtomicLong overruns = new AtomicLong();

    /** @param registry the registry */
    public MicrometerPollMetrics(final MeterRegistry registry) {
        this.registry = registry;
        this.lateness = Timer.builder("fieldgate.poll.lateness").description("how late polls start against their schedule")
                .publishPercentiles(0.5, 0.99).register(registry);
    }

    @Override
    public void late(final long nanos) {
        lateness.record(Math.max(0, nanos), TimeUnit.NANOSECONDS);
    }

    @Override
    public void polled(final String device, final int readings, final long nanos) {
        durations.computeIfAbsent(device, d -> Timer.builder("fieldgate.poll.duration").tag("device", d)
                .register(registry)).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void error(final String device, final Quality kind) {
        registry.counter("fieldgate.poll.errors", "device", device, "kind", kind.wireName()).increment();
    }

    @Override
    public void overrun(final String device) {
        overruns.incrementAndGet();
        registry.counter("fieldgate.poll.overruns", "device", device).increment();
    }

    /** @return polls skipped since start, all devices: late schedules and back-pressure from the buffer */
    public long overruns() {
        return overruns.get();
    }

    @Override
    public void dropped(final String device, final String reason) {
        registry.counter("fieldgate.serial.dropped", "device", device, "reason", reason).increment();
    }
}
