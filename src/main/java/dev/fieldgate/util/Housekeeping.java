package dev.fieldgate.util;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Executors;
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

    /** Runs {@code chore} every {@code period}, the first time one period from now. */
    public void every(final Duration period, final String name, final Runnable chore) {
        final long millis = period.toMillis();
        executor.scheduleWithFixedDelay(() -> {
            try {
                chore.run();
            } catch (final RuntimeException e) {
                // a scheduled task that throws is never run again: log and keep it scheduled
                LOG.errorf(e, "Housekeeping chore %s failed; it runs again in %d ms", name, millis);
            }
        }, millis, millis, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) {
        executor.shutdownNow();
    }
}
