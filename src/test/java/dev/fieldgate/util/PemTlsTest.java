package dev.fieldgate.util;

import dev.fieldgate.demo.DemoPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Key forms AWS IoT and openssl hand out, and errors that never quote key material. */
class PemTlsTest {

    @TempDir
    Path dir;

    @Test
    void should_load_a_pkcs8_key_and_its_certificate() {
        final DemoPki pki = DemoPki.create(dir, "T");
        final Path cert = pki.issueClient("c", "c");
        assertThat(PemTls.keyManagers(cert, dir.resolve("c.key")).getKeyManagers()).hasSize(1);
        assertThat(PemTls.trustManagers(pki.caFile()).getTrustManagers()).hasSize(1);
    }

    @Test
    void should_load_pkcs1_rsa_and_sec1_ec_keys_as_openssl_writes_them() throws Exception {
        // AWS IoT's "private.pem.key" is PKCS#1 ("BEGIN RSA PRIVATE KEY"); openssl ecparam writes SEC1
        run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "rsa8.key", "-out", "rsa.crt",
                "-days", "1", "-subj", "/CN=rsa");
        run("openssl", "rsa", "-in", "rsa8.key", "-out", "rsa1.key", "-traditional");
        assertThat(Files.readString(dir.resolve("rsa1.key"))).contains("BEGIN RSA PRIVATE KEY");
        assertThat(PemTls.keyManagers(dir.resolve("rsa.crt"), dir.resolve("rsa1.key")).getKeyManagers()).hasSize(1);
        run("openssl", "ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ec.key");
        run("openssl", "req", "-x509", "-new", "-key", "ec.key", "-out", "ec.crt", "-days", "1", "-subj", "/CN=ec");
        assertThat(Files.readString(dir.resolve("ec.key"))).contains("BEGIN EC PRIVATE KEY");
        assertThat(PemTls.keyManagers(dir.resolve("ec.crt"), dir.resolve("ec.key")).getKeyManagers()).hasSize(1);
    }

    @Test
    void should_refuse_an_encrypted_key_with_advice() throws Exception {
        run("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes256", "-pass",
                "pass:secret", "-out", "enc.key");
        final DemoPki pki = DemoPki.create(dir.resolve("p"), "T");
        assertThatThrownBy(() -> PemTls.keyManagers(pki.issueClient("c", "c"), dir.resolve("enc.key")))
                .isInstanceOf(TlsMaterialException.class).hasMessageContaining("decrypt it with openssl");
    }

    @Test
    void should_name_the_file_but_never_quote_it() throws Exception {
        final String secret = "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg";
        Files.writeString(dir.resolve("bad.key"), "-----BEGIN PRIVATE KEY-----\n" + secret + "\n-----END PRIVATE KEY-----\n");
        final DemoPki pki = DemoPki.create(dir.resolve("p"), "T");
        assertThatThrownBy(() -> PemTls.keyManagers(pki.issueClient("c", "c"), dir.resolve("bad.key")))
                .isInstanceOf(TlsMaterialException.class)
                .hasMessageContaining(dir.resolve("bad.key").toString())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret));
        assertThatThrownBy(() -> PemTls.keyManagers(dir.resolve("missing.pem"), dir.resolve("bad.key")))
                .hasMessageContaining("missing.pem does not exist");
        assertThatThrownBy(() -> PemTls.trustManagers(dir.resolve("bad.key")))
                .hasMessageContaining("not a PEM certificate");
    }

    private void run(final String... cmd) throws Exception {
        final Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
