package dev.fieldgate.demo;

import dev.fieldgate.util.AtomicFiles;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * A throw-away PKI for the demo and the tests: a CA, a broker certificate for localhost and client
 * certificates, EC P-256, written as PEM (keys as PKCS#8) into one directory. Never for production.
 */
public final class DemoPki {

    private static final Duration VALIDITY = Duration.ofDays(825);

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate caCert;

    private DemoPki(final Path dir, final KeyPair caKeys, final X509Certificate caCert) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.caCert = caCert;
    }

    /**
     * Creates a CA in {@code dir} with a server certificate for localhost/127.0.0.1/::1 ({@code server.pem},
     * {@code server.key}).
     *
     * @param dir    target directory, created if needed
     * @param caName the CA's common name
     * @return the PKI, ready to issue client certificates
     */
    public static DemoPki create(final Path dir, final String caName) {
        try {
            Files.createDirectories(dir);
            final KeyPair ca = newKeyPair();
            final X500Name caSubject = new X500Name("O=Fieldgate Demo,CN=" + caName);
            final X509Certificate caCert = sign(caSubject, caSubject, ca.getPublic(), ca, true, null, null);
            final DemoPki pki = new DemoPki(dir, ca, caCert);
            writePem(dir.resolve("ca.pem"), caCert);
            pki.issue("server", new X500Name("O=Fieldgate Demo,CN=localhost"), KeyPurposeId.id_kp_serverAuth,
                    new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                        new GeneralName(GeneralName.iPAddress, "::1")}));
            return pki;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Issues a client certificate with common name {@code cn} as {@code <name>.pem} and {@code <name>.key}.
     *
     * @return the certificate file; the key file is beside it
     */
    public Path issueClient(final String name, final String cn) {
        return issue(name, new X500Name("O=Fieldgate Demo,CN=" + cn), KeyPurposeId.id_kp_clientAuth, null);
    }

    /**
     * Issues a server certificate for {@code dnsName} as {@code <name>.pem} and {@code <name>.key}: a broker known
     * by a name other than localhost (behind a proxy, a backup endpoint).
     *
     * @return the certificate file; the key file is beside it
     */
    public Path issueServer(final String name, final String dnsName) {
        return issue(name, new X500Name("O=Fieldgate Demo,CN=" + dnsName), KeyPurposeId.id_kp_serverAuth,
                new GeneralNames(new GeneralName[] {new GeneralName(GeneralName.dNSName, dnsName)}));
    }

    /**
     * Issues a client certificate for a key made elsewhere (a certificate request's), as a provisioning
     * service would.
     *
     * @return the certificate as PEM
     */
    public String issueFor(final java.security.PublicKey key, final String cn) {
        final X509Certificate cert = sign(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                new X500Name("O=Fieldgate Demo,CN=" + cn), key, caKeys, false, KeyPurposeId.id_kp_clientAuth, null);
        final java.io.StringWriter out = new java.io.StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            pem.writeObject(cert);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** @return the CA certificate file. */
    public Path caFile() {
        return dir.resolve("ca.pem");
    }

    /** @return the directory holding every file. */
    public Path dir() {
        return dir;
    }

    private Path issue(final String name, final X500Name subject, final KeyPurposeId purpose, final GeneralNames san) {
        try {
            final KeyPair keys = newKeyPair();
            final X509Certificate cert = sign(X500Name.getInstance(caCert.getSubjectX500Principal().getEncoded()),
                    subject, keys.getPublic(), caKeys, false, purpose, san);
            final Path certFile = dir.resolve(name + ".pem");
            writePem(certFile, cert);
            final Path keyFile = dir.resolve(name + ".key");
            try (Writer w = Files.newBufferedWriter(keyFile, StandardCharsets.US_ASCII);
                 JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
            }
            AtomicFiles.restrictToOwner(keyFile);
            return certFile;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    private static X509Certificate sign(final X500Name issuer, final X500Name subject,
                                        final java.security.PublicKey key, final KeyPair signer, final boolean ca,
                                        final KeyPurposeId purpose, final GeneralNames san) {
        try {
            final Instant now = Instant.now();
            final JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)), subject, key);
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(ca
                    ? KeyUsage.keyCertSign | KeyUsage.cRLSign
                    : KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            if (purpose != null) {
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            }
            if (san != null) {
                b.addExtension(Extension.subjectAlternativeName, false, san);
            }
            final ContentSigner cs = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.getPrivate());
            final X509CertificateHolder holder = b.build(cs);
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (final OperatorCreationException | GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign demo certificate", e);
        }
    }

    private static void writePem(final Path file, final X509Certificate cert) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(cert);
        }
    }
}
