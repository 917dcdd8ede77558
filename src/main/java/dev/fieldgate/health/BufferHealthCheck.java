package dev.fieldgate.health;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxStats;
import dev.fieldgate.field.AdapterService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready while the outbox can commit and accept (state ok; disk-full and unwritable are down); its depth and
 * age are reported either way. Not a liveness check: a
 * restart cannot fix a full disk, and a restart loop would stop the polling that still works.
 */
@Readiness
@ApplicationScoped
public class BufferHealthCheck implements HealthCheck {

    private final BufferService buffer;
    private final AdapterService field;

    BufferHealthCheck(final BufferService buffer, final AdapterService field) {
        this.buffer = buffer;
        this.field = field;
    }

    @Override
    public HealthCheckResponse call() {
        final HealthCheckResponseBuilder b = HealthCheckResponse.named("buffer");
        final Outbox outbox = buffer.outbox().orElse(null);
        if (outbox == null) {
            return b.down().withData("reason", "not started").build();
        }
        final OutboxStats s = outbox.stats();
        return b.status(s.writable() && !s.diskFull() && outbox.isWriterAlive())
                .withData("state", outbox.isWriterAlive() ? s.state() : "writer-stopped")
                .withData("depth", s.depth())
                .withData("bytes", s.bytes())
                .withData("oldestAgeSeconds", (long) s.oldestAgeSeconds())
                .withData("dropped", s.dropped())
                .withData("expired", s.expired())
                .withData("rejected", s.rejected())
                .withData("refusedKept", s.refusedKept())
                .withData("intakeBytes", s.intakeBytes())
                .withData("intakeLimit", s.intakeLimit())
                .withData("overruns", field.overruns())
                .withData("damagedFileMovedTo", outbox.quarantinedFile().map(Object::toString).orElse("none"))
                .build();
    }
}
