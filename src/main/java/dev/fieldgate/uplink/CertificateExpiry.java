package dev.fieldgate.uplink;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When the uplink's client certificate expires, for the {@code fieldgate.uplink.certificate.days.left} metric and
 * the status page. The file is parsed again only when it changed (a rotation, a renewed Secret), not per scrape.
 */
public final class CertificateExpiry {

    /** The status page warns this many days ahead. */
    public static final long WARN_DAYS = 30;

    private final Supplier<Path> file;
    private String seen = "";
    private Optional<Long> notAfter = Optional.empty();

    /** @param file the certificate file in use now */
    public CertificateExpiry(final Supplier<Path> file) {
        this.file = file;
    }

    /** @return epoch ms of the certificate's notAfter; empty when there is none or it cannot be read */
    public synchronized Optional<Long> notAfter() {
        final Path f = file.get();
        if (f == null) {
            return Optional.empty();
        }
        String now;
        try {
            now = f + "@" + Files.getLastModifiedTime(f).toMillis() + "/" + Files.size(f);
        } catch (final java.io.IOException e) {
            return Optional.empty();
        }
        if (!now.equals(seen)) {
            seen = now;
            notAfter = read(f);
        }
        return notAfter;
    }

    /** @return whole days until expiry (negative once expired), or NaN when unknown */
    public double daysLeft() {
        return notAfter().map(t -> (double) Math.floorDiv(t - System.currentTimeMillis(), 86_400_000L))
                .orElse(Double.NaN);
    }

    /**
     * @param daysLeft whole days until expiry, negative once expired
     * @return what the status page warns about, empty more than {@link #WARN_DAYS} days ahead
     */
    public static Optional<String> warning(final long daysLeft) {
        if (daysLeft < 0) {
            return Optional.of("the certificate has expired");
        }
        // a rotation job takes minutes; a certificate found too late takes a site visit
        return daysLeft <= WARN_DAYS ? Optional.of("the certificate expires in " + daysLeft
                + " days: rotate it (job fieldgate.rotate-certificate)") : Optional.empty();
    }

    private static Optional<Long> read(final Path f) {
        try (InputStream in = Files.newInputStream(f)) {
            final X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return Optional.of(cert.getNotAfter().getTime());
        } catch (final Exception e) {
            return Optional.empty();
        }
    }
}
