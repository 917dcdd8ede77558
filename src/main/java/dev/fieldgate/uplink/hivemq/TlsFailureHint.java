package dev.fieldgate.uplink.hivemq;

import java.util.Locale;
import java.util.Optional;

/**
 * Says in plain words what a failed TLS handshake with the broker means and where to look: the alert names
 * ("unknown_ca", "PKIX path building failed") are what operators see in the log and on the status page,
 * and few of them read TLS alerts.
 */
final class TlsFailureHint {

    private TlsFailureHint() {
    }

    /**
     * @param error the connection error as described for the log
     * @return what to check, when the error is a known certificate problem
     */
    static Optional<String> of(final String error) {
        final String e = error.toLowerCase(Locale.ROOT);
        if (e.contains("unknown_ca") || e.contains("bad_certificate") || e.contains("certificate_unknown")
                || e.contains("certificate_required") || e.contains("access_denied")) {
            return Optional.of("the broker refused the gateway's client certificate (fieldgate.uplink.tls.cert): its "
                    + "CA is not trusted there, or it is not registered or not active (AWS IoT: register the CA, "
                    + "activate the certificate and attach a policy)");
        }
        if (e.contains("certificate_expired")) {
            return Optional.of("the broker says the gateway's client certificate (fieldgate.uplink.tls.cert) has expired");
        }
        if (e.contains("certificate_revoked")) {
            return Optional.of("the broker says the gateway's client certificate (fieldgate.uplink.tls.cert) is revoked");
        }
        if (e.contains("pkix path") || e.contains("unable to find valid certification path")
                || e.contains("does not chain with any of the trust anchors")
                || e.contains("no subject alternative") || e.contains("no name matching")) {
            return Optional.of("the gateway does not trust the broker's certificate: check fieldgate.uplink.tls.ca "
                    + "and fieldgate.uplink.host");
        }
        return Optional.empty();
    }
}
