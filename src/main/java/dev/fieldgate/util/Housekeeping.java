package dev.fieldgate.util;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One daemon thread for the small periodic chores of all capabilities (silence checks, shadow reports), instead
 * of a thread each. Chores must be short; one that throws is logged and runs again at its next turn.
 */
@ApplicationScoped
public class Housekeeping {

    private static final Logger LOG = Logger.getLogger(Housekeeping.class);

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "housekeeping");
        t.setDaemon(true);
        return t;
    });

    /**
     * Runs {@code chore} every {@code period}, the first time one period from now. Thread-safe.
     *
     * @throws IllegalArgumentException   when the period is shorter than a millisecond
     * @throws NullPointerException       when an argument is null
     * @throws RejectedExecutionException after the gateway has begun to stop
     */
    public void every(final Duration period, final String name, final Runnable chore) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(chore, "chore");
        final long millis = Objects.requireNonNull(period, "period").toMillis();
        if (millis < 1) {
            throw new IllegalArgumentException("housekeeping chore " + name + ": period " + period + " is under 1 ms");
        }
        executor.scheduleWithFixedDelay(() -> {
            try {
                chore.run();
            } catch (final RuntimeException | Error e) {
                // a scheduled task that throws is never run again: log and keep it scheduled
                LOG.errorf(e, "Housekeeping chore %s failed; it runs again in %d ms", name, millis);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Stops the chores and waits for one that is running, so that it never races the stores closing after. */
    void stop(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) throws InterruptedException {
        executor.shutdownNow();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            LOG.warn("A housekeeping chore did not end within 5 s of the stop");
        }
    }
}
