package dev.fieldgate.jobs;

import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.Quality;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The health window after an adapter rollout: every new or changed device must answer and have a good reading
 * taken after the change. Readings reach the latest values through the same fan-out that hands them to the outbox
 * first (Lifecycle: the durable buffer joins before the local sinks), so a fresh one there was offered to the outbox.
 */
final class RolloutHealth {

    private static final long POLL_MS = 250;

    private final AdapterTarget target;
    private final Duration window;

    RolloutHealth(final AdapterTarget target, final Duration window) {
        this.target = target;
        this.window = window;
    }

    /**
     * Waits until every device is healthy or the window ends; stops early on cancellation.
     *
     * @param since epoch ms of the change: answers and readings must be newer
     * @return the first device still unhealthy when the window ended, with the reason; empty when all are healthy
     * @throws JobCanceledException when the job was canceled meanwhile
     */
    Optional<String> await(final Set<String> devices, final long since, final JobContext context) {
        final long end = System.nanoTime() + window.toNanos();
        final Set<String> waiting = new LinkedHashSet<>(devices);
        while (true) {
            waiting.removeIf(d -> problem(d, since).isEmpty());
            if (waiting.isEmpty()) {
                return Optional.empty();
            }
            if (System.nanoTime() - end >= 0) {
                final String d = waiting.iterator().next();
                return Optional.of("device " + d + ": " + problem(d, since).orElse("unhealthy") + " within "
                        + window.toSeconds() + " s of the change");
            }
            context.throwIfCanceled();
            try {
                Thread.sleep(POLL_MS);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.of("interrupted while watching device " + waiting.iterator().next());
            }
        }
    }

    private Optional<String> problem(final String device, final long since) {
        final Optional<DeviceStatus> s = target.status(device);
        if (s.isEmpty()) {
            return Optional.of("not running");
        }
        if (!s.get().reachable() || s.get().lastGoodAt() < since) {
            return Optional.of("no answer" + (s.get().lastError() == null ? "" : " (" + s.get().lastError() + ")"));
        }
        final boolean fresh = target.latest(device).values().stream()
                .anyMatch(r -> r.timestamp() >= since && r.quality() == Quality.GOOD);
        return fresh ? Optional.empty() : Optional.of("no good reading stored");
    }
}
