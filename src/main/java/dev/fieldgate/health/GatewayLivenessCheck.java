package dev.fieldgate.health;

import dev.fieldgate.Gateway;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the threads that nothing else restarts still run: the outbox writer and the drainer. */
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
        return HealthCheckResponse.named("gateway").status(writer && drainer)
                .withData("outboxWriter", writer).withData("drainer", drainer).build();
    }
}
