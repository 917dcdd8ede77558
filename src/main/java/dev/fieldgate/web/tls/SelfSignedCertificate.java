package dev.fieldgate.web.tls;

import dev.fieldgate.util.AtomicFiles;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigInteger;
import java.net.InetAddress;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * A self-signed server certificate for the web page of a box that has none: made once (EC P-256, five years,
 * for the host name, localhost and 127.0.0.1) and kept in the data directory; the key file is owner-only.
 * Browsers will ask to trust it once; the point is an encrypted connection on the plant network.
 */
public final class SelfSignedCertificate {

    private static final Duration VALIDITY = Duration.ofDays(5 * 365);

    private SelfSignedCertificate() {
    }

    /**
     * @param dir where {@code web.pem} and {@code web.key} live
     * @return the certificate and key files, made now if missing
     */
    public static Path[] ensure(final Path dir) {
        final Path cert = dir.resolve("web.pem");
        final Path key = dir.resolve("web.key");
        if (Files.isRegularFile(cert) && Files.isRegularFile(key)) {
            return new Path[] {cert, key};
        }
        try {
            Files.createDirectories(dir);
            final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            final KeyPair keys = g.generateKeyPair();
            final String host = hostName();
            final X500Name subject = new X500Name("O=Fieldgate,CN=" + host);
            final Instant now = Instant.now();
            final JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            final List<GeneralName> names = new ArrayList<>();
            names.add(new GeneralName(GeneralName.dNSName, host));
            names.add(new GeneralName(GeneralName.dNSName, "localhost"));
            names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names.toArray(new GeneralName[0])));
            final X509Certificate c = new JcaX509CertificateConverter()
                    .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            try (Writer w = Files.newBufferedWriter(key, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
            }
            AtomicFiles.restrictToOwner(key);
            try (Writer w = Files.newBufferedWriter(cert, StandardCharsets.US_ASCII); JcaPEMWriter pem = new JcaPEMWriter(w)) {
                pem.writeObject(c);
            }
            return new Path[] {cert, key};
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write the web page's certificate to " + dir, e);
        } catch (final GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the web page's certificate: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            final String h = InetAddress.getLocalHost().getHostName();
            return h.matches("[A-Za-z0-9.-]{1,253}") ? h : "fieldgate";
        } catch (final IOException e) {
            return "fieldgate";
        }
    }
}
