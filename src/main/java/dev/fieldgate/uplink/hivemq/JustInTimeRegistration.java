package dev.fieldgate.uplink.hivemq;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Tells a just-in-time registration from a broken certificate. AWS IoT Core drops the first connections made with
 * a new certificate of a CA registered for JITR/JITP, after the TLS handshake and before CONNACK, while it
 * registers the certificate. Such a drop, with a certificate no broker has accepted before, counts as
 * "registering" at most {@link #ATTEMPTS} times per certificate.
 */
final class JustInTimeRegistration {

    /** Drops of one certificate taken as registration; after them a drop is a failure like any other. */
    static final int ATTEMPTS = 5;

    private final KnownCertificates known;
    private String certificate;
    private int drops;

    /** @param knownFile where accepted certificates are remembered, or null for memory only */
    JustInTimeRegistration(final Path knownFile) {
        this.known = new KnownCertificates(knownFile);
    }

    /** The client about to connect presents this certificate (a fingerprint, or null for none). */
    synchronized void presenting(final String fingerprint) {
        if (!Objects.equals(fingerprint, certificate)) {
            drops = 0; // a new certificate gets its own registration
        }
        certificate = fingerprint;
    }

    /** The broker accepted the certificate. */
    synchronized void accepted() {
        drops = 0;
        known.remember(certificate);
    }

    /**
     * @param cause what the failed connection attempt reported
     * @return whether it counts as a registration drop (and is counted)
     */
    synchronized boolean dropped(final Throwable cause) {
        if (certificate == null || known.known(certificate) || drops >= ATTEMPTS
                || !DisconnectKind.closedBeforeConnAck(cause)) {
            return false;
        }
        drops++;
        return true;
    }

    /** @return whether the last drop was the first for this certificate */
    synchronized boolean firstDrop() {
        return drops == 1;
    }
}
