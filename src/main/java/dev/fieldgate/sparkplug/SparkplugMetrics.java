package dev.fieldgate.sparkplug;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The Sparkplug counters: what was dropped or refused, so that loss is visible in /q/metrics. Thread-safe. */
final class SparkplugMetrics {

    final Counter publishDropped;
    final Counter metricsDropped;
    final Counter commandsRefused;
    final Counter malformed;

    SparkplugMetrics(final MeterRegistry registry) {
        publishDropped = Counter.builder("fieldgate.sparkplug.publish.dropped")
                .description("Sparkplug messages not sent because the plant broker was not connected").register(registry);
        metricsDropped = Counter.builder("fieldgate.sparkplug.metrics.dropped")
                .description("readings of points beyond fieldgate.sparkplug.max-metrics-per-device, and held values of "
                        + "points no longer declared when sent, not published").register(registry);
        commandsRefused = Counter.builder("fieldgate.sparkplug.commands.refused")
                .description("NCMD/DCMD metrics refused (unknown, read-only, wrong type, failed write)").register(registry);
        malformed = Counter.builder("fieldgate.sparkplug.malformed")
                .description("Sparkplug messages dropped as malformed").register(registry);
    }
}
