package dev.fieldgate.health;

import dev.fieldgate.Gateway;
import dev.fieldgate.buffer.OutboxStats;
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

    private final Gateway gateway;

    BufferHealthCheck(final Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public HealthCheckResponse call() {
        final HealthCheckResponseBuilder b = HealthCheckResponse.named("buffer");
        if (gateway.outbox() == null) {
            return b.down().withData("reason", "not started").build();
        }
        final OutboxStats s = gateway.outbox().stats();
        return b.status(s.writable() && !s.diskFull() && gateway.outbox().isWriterAlive())
                .withData("state", gateway.outbox().isWriterAlive() ? s.state() : "writer-stopped")
                .withData("depth", s.depth())
                .withData("bytes", s.bytes())
                .withData("oldestAgeSeconds", s.oldestCreatedAt() == 0 ? 0
                        : (System.currentTimeMillis() - s.oldestCreatedAt()) / 1000)
                .withData("dropped", s.dropped())
                .withData("expired", s.expired())
                .withData("rejected", s.rejected())
                .withData("refusedKept", s.refusedKept())
                .withData("intakeBytes", s.intakeBytes())
                .withData("intakeLimit", s.intakeLimit())
                .withData("overruns", gateway.overruns())
                .withData("damagedFileMovedTo", gateway.outbox().quarantinedFile().map(Object::toString).orElse("none"))
                .build();
    }
}
