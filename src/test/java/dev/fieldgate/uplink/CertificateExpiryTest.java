package dev.fieldgate.uplink;

import dev.fieldgate.demo.DemoPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateExpiryTest {

    @TempDir
    Path tmp;

    @Test
    void should_warn_from_30_days_ahead_and_once_expired() {
        assertThat(CertificateExpiry.warning(31)).isEmpty();
        assertThat(CertificateExpiry.warning(30)).contains("the certificate expires in 30 days: rotate it "
                + "(job fieldgate.rotate-certificate)");
        assertThat(CertificateExpiry.warning(0)).get().asString().contains("expires in 0 days");
        assertThat(CertificateExpiry.warning(-1)).contains("the certificate has expired");
    }

    @Test
    void should_count_the_days_of_the_file_in_use_and_follow_a_switch() throws Exception {
        final DemoPki pki = DemoPki.create(tmp.resolve("pki"), "Expiry CA");
        final Path cert = pki.issueClient("gateway", "gw");
        final AtomicReference<Path> inUse = new AtomicReference<>(cert);
        final CertificateExpiry expiry = new CertificateExpiry(inUse::get);

        // DemoPki certificates are valid for 825 days from now
        assertThat(expiry.daysLeft()).isBetween(823.0, 825.0);

        inUse.set(tmp.resolve("missing.pem"));
        assertThat(expiry.daysLeft()).isNaN();
        Files.writeString(tmp.resolve("garbage.pem"), "not a certificate");
        inUse.set(tmp.resolve("garbage.pem"));
        assertThat(expiry.daysLeft()).isNaN();
        // the same path with new content (a renewed file) is read again
        Files.copy(cert, tmp.resolve("garbage.pem"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(expiry.daysLeft()).isBetween(823.0, 825.0);
    }
}
