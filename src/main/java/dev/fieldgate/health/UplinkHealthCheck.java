package dev.fieldgate.health;

import dev.fieldgate.uplink.UplinkService;
import dev.fieldgate.uplink.UplinkStatus;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports the upstream session. A lost connection does not make the gateway unready: it keeps polling and
 * buffering, and its local services are needed most during an outage. Only TLS material that cannot be
 * used at all (missing or wrong files, which no reconnect can fix) reports DOWN.
 */
@Readiness
@ApplicationScoped
public class UplinkHealthCheck implements HealthCheck {

    private final UplinkService uplink;

    UplinkHealthCheck(final UplinkService uplink) {
        this.uplink = uplink;
    }

    @Override
    public HealthCheckResponse call() {
        final HealthCheckResponseBuilder b = HealthCheckResponse.named("uplink");
        final UplinkStatus s = uplink.status().orElse(null);
        if (s == null) {
            return b.down().withData("reason", "not started").build();
        }
        final String configError = uplink.configurationError();
        b.status(configError == null)
                .withData("connected", s.connected())
                .withData("endpoint", s.endpoint())
                .withData("sinceEpochMs", s.since())
                .withData("sessionPresent", s.sessionPresent());
        if (s.lastError() != null) {
            b.withData("lastError", s.lastError());
        }
        return b.build();
    }
}
