package dev.fieldgate.uplink.hivemq;

import dev.fieldgate.util.AtomicFiles;
import dev.fieldgate.util.PemTls;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Client certificates a broker has accepted before (SHA-256 fingerprints, kept in a file so that a restart
 * remembers them). Just-in-time registration makes AWS IoT Core drop the first connection made with a new
 * certificate of a registered CA; that drop is told apart from a broken certificate by this list.
 */
final class KnownCertificates {

    private static final Logger LOG = Logger.getLogger(KnownCertificates.class);
    /** Newest fingerprints kept; a gateway rotates its certificate a few times a year. */
    private static final int KEPT = 16;

    private final Path file;
    private final Set<String> known = new LinkedHashSet<>();

    /** @param file where the list is kept, or null for memory only */
    KnownCertificates(final Path file) {
        this.file = file;
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (final String line : Files.readAllLines(file)) {
                    if (line.matches("[0-9a-f]{64}")) {
                        known.add(line);
                    }
                }
            } catch (final IOException e) {
                LOG.warnf("Cannot read %s (%s): every certificate counts as new", file, e.getMessage());
            }
        }
    }

    /** @return the fingerprint of the first certificate in the PEM file, or null when it cannot be read */
    static String fingerprint(final Path certPem) {
        try {
            final byte[] der = PemTls.certificates(certPem).get(0).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (final RuntimeException | CertificateEncodingException | NoSuchAlgorithmException e) {
            return null;
        }
    }

    synchronized boolean known(final String fingerprint) {
        return fingerprint != null && known.contains(fingerprint);
    }

    /** Remembers a certificate the broker accepted. */
    synchronized void remember(final String fingerprint) {
        if (fingerprint == null || !known.add(fingerprint)) {
            return;
        }
        while (known.size() > KEPT) {
            known.remove(known.iterator().next());
        }
        if (file != null) {
            try {
                Files.createDirectories(file.getParent());
                AtomicFiles.write(file, String.join("\n", known) + "\n", true);
            } catch (final IOException | RuntimeException e) {
                LOG.warnf("Cannot write %s (%s): a restart will not remember the accepted certificate", file,
                        e.getMessage());
            }
        }
    }
}
