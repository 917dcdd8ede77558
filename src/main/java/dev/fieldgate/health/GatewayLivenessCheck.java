package dev.fieldgate.health;

import dev.fieldgate.Gateway;
import dev.fieldgate.buffer.OutboxHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/**
 * Alive while the threads that nothing else restarts still run (the outbox writer and the drainer) and the
 * outbox can still heal by itself: one that could not reopen its file within its heal timeout reports DOWN
 * with the reason, so that the orchestrator restarts the gateway.
 */
@Liveness
@ApplicationScoped
public class GatewayLivenessCheck implements HealthCheck {

    private final Gateway gateway;

    GatewayLivenessCheck(final Gateway gateway) {
        this.gateway = gateway;
    }

    @Override
    public HealthCheckResponse call() {
        final boolean writer = gateway.outbox() != null && gateway.outbox().isWriterAlive();
        final boolean drainer = gateway.drainer() != null && gateway.drainer().isAlive();
        final OutboxHealth outbox = gateway.outbox() == null ? null : gateway.outbox().health();
        final boolean outboxAlive = outbox != null && outbox.alive();
        final var b = HealthCheckResponse.named("gateway").status(writer && drainer && outboxAlive)
                .withData("outboxWriter", writer).withData("drainer", drainer).withData("outbox", outboxAlive);
        if (outbox != null) {
            b.withData("outboxReopened", outbox.reopened());
            if (outbox.reason() != null) {
                b.withData("outboxReason", outbox.reason());
            }
        }
        return b.build();
    }
}
