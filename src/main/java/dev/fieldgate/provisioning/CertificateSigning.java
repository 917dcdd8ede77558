package dev.fieldgate.provisioning;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.util.Objects;

/**
 * Keys made on the box and the certificate requests for them, for provisioning by claim and for certificate
 * rotation alike: an EC P-256 key (the private half never leaves the gateway), a PKCS#10 request signed with it,
 * and the check that a certificate received is for that key. Pure: no files, no logging of key material.
 */
public final class CertificateSigning {

    private CertificateSigning() {
    }

    /** @return a new EC P-256 key pair */
    public static KeyPair newKey() {
        try {
            final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            return g.generateKeyPair();
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an EC P-256 key: " + e.getMessage(), e);
        }
    }

    /** @return the private key as PKCS#8 PEM, for an owner-only file */
    public static String privateKeyPem(final KeyPair keys) {
        return pem(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
    }

    /** @return the public key as PEM */
    public static String publicKeyPem(final PublicKey key) {
        return pem(key);
    }

    /**
     * @param commonName the subject's CN (the certificate service replaces the subject; it only names the request)
     * @return a PEM certificate signing request signed with the key
     */
    public static String csr(final KeyPair keys, final String commonName) {
        try {
            final var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + commonName), keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            return pem(request);
        } catch (final OperatorCreationException e) {
            throw new IllegalStateException("cannot sign the certificate request: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a certificate received from the cloud and checks that it is for {@code key}.
     *
     * @return the certificate
     * @throws ProvisioningException (fatal) when it is not a PEM certificate or not for the key
     */
    public static X509Certificate certificateFor(final String pem, final PublicKey key) {
        Objects.requireNonNull(key, "key");
        if (pem == null || pem.isEmpty()) {
            throw new ProvisioningException("the answer carries no certificate", false, true);
        }
        try {
            final X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (!cert.getPublicKey().equals(key)) {
                throw new ProvisioningException("the certificate received is not for the key of the request", false,
                        true);
            }
            return cert;
        } catch (final CertificateException | ClassCastException e) {
            throw new ProvisioningException("the certificate received is not a PEM certificate", false, true);
        }
    }

    private static String pem(final Object o) {
        final StringWriter out = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(out)) {
            w.writeObject(o);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
