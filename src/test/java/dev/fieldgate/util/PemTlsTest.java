package dev.fieldgate.util;

import dev.fieldgate.demo.DemoPki;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcePEMEncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

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
        for (final String alg : new String[] {"RSA", "EC"}) {
            final KeyPair keys = keyPair(alg);
            final Path key = dir.resolve(alg + ".key");
            try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(key))) {
                w.writeObject(keys);   // traditional OpenSSL form
            }
            assertThat(Files.readString(key)).contains("BEGIN " + alg + " PRIVATE KEY");
            assertThat(PemTls.keyManagers(selfSigned(keys, alg), key).getKeyManagers()).hasSize(1);
        }
    }

    @Test
    void should_refuse_an_encrypted_key_with_advice() throws Exception {
        final KeyPair keys = keyPair("EC");
        final Path key = dir.resolve("enc.key");
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(key))) {
            w.writeObject(keys, new JcePEMEncryptorBuilder("AES-256-CBC").setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).build("secret".toCharArray()));
        }
        assertThatThrownBy(() -> PemTls.keyManagers(selfSigned(keys, "EC"), key))
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

    private static KeyPair keyPair(final String alg) throws Exception {
        // Bouncy Castle's EC keys carry the curve inside the SEC1 structure, as openssl writes them
        final KeyPairGenerator g = KeyPairGenerator.getInstance(alg, new org.bouncycastle.jce.provider.BouncyCastleProvider());
        if ("RSA".equals(alg)) {
            g.initialize(2048);
        } else {
            g.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        }
        return g.generateKeyPair();
    }

    private Path selfSigned(final KeyPair keys, final String alg) throws Exception {
        final X500Name name = new X500Name("CN=" + alg);
        final Date now = new Date();
        final X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, now,
                new Date(now.getTime() + 86_400_000L), name, keys.getPublic())
                .build(new JcaContentSignerBuilder("RSA".equals(alg) ? "SHA256withRSA" : "SHA256withECDSA")
                        .build(keys.getPrivate()));
        final Path cert = dir.resolve(alg + ".crt");
        try (JcaPEMWriter w = new JcaPEMWriter(Files.newBufferedWriter(cert))) {
            w.writeObject(holder);
        }
        return cert;
    }
}
