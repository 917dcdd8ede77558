package dev.fieldgate.health;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.uplink.UplinkService;
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

    private final BufferService buffer;
    private final UplinkService uplink;

    GatewayLivenessCheck(final BufferService buffer, final UplinkService uplink) {
        this.buffer = buffer;
        this.uplink = uplink;
    }

    @Override
    public HealthCheckResponse call() {
        final boolean writer = buffer.outbox().map(Outbox::isWriterAlive).orElse(false);
        final boolean drainer = uplink.drainerAlive();
        final OutboxHealth outbox = buffer.outbox().map(Outbox::health).orElse(null);
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
