package dev.fieldgate.util;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * Builds JSSE key and trust managers from PEM files. Error messages name the file and what is wrong with
 * it, never its content: key material must not reach logs.
 */
public final class PemTls {

    private PemTls() {
    }

    /**
     * @param certPem client certificate, optionally followed by its chain
     * @param keyPem  private key: PKCS#1 ("RSA PRIVATE KEY", what AWS IoT hands out), SEC1 ("EC PRIVATE KEY")
     *                or unencrypted PKCS#8 ("PRIVATE KEY")
     * @return a key manager factory holding that one identity
     * @throws TlsMaterialException when a file is missing, unreadable or not of the expected kind
     */
    public static KeyManagerFactory keyManagers(final Path certPem, final Path keyPem) {
        Objects.requireNonNull(certPem, "certPem");
        Objects.requireNonNull(keyPem, "keyPem");
        final List<X509Certificate> chain = certificates(certPem);
        final PrivateKey key = privateKey(keyPem);
        try {
            final char[] password = randomPassword();
            final KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
            final KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return kmf;
        } catch (final GeneralSecurityException | IOException e) {
            throw new TlsMaterialException("private key " + keyPem + " does not match certificate " + certPem
                    + " or cannot be used: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @param caPem one or more CA certificates
     * @return a trust manager factory trusting exactly those
     * @throws TlsMaterialException when the file is missing or holds no certificate
     */
    public static TrustManagerFactory trustManagers(final Path caPem) {
        Objects.requireNonNull(caPem, "caPem");
        try {
            final KeyStore ts = KeyStore.getInstance(KeyStore.getDefaultType());
            ts.load(null, null);
            int i = 0;
            for (final X509Certificate c : certificates(caPem)) {
                ts.setCertificateEntry("ca-" + i++, c);
            }
            final TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            return tmf;
        } catch (final GeneralSecurityException | IOException e) {
            throw new TlsMaterialException("CA file " + caPem + " cannot be used: " + e.getMessage());
        }
    }

    /** @return the certificates of a PEM file, in file order. */
    public static List<X509Certificate> certificates(final Path pem) {
        requireReadable(pem, "certificate");
        try (InputStream in = Files.newInputStream(pem)) {
            final List<X509Certificate> out = new ArrayList<>();
            for (final Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new TlsMaterialException("certificate file " + pem + " holds no PEM certificate");
            }
            return out;
        } catch (final IOException | GeneralSecurityException e) {
            throw new TlsMaterialException("certificate file " + pem + " is not a PEM certificate: " + e.getMessage());
        }
    }

    /** @return the private key of a PEM file (PKCS#1, SEC1 or unencrypted PKCS#8); never quotes the file. */
    public static PrivateKey privateKey(final Path pem) {
        requireReadable(pem, "private key");
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            final Object o = parser.readObject();
            final JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair) {
                return converter.getPrivateKey(((PEMKeyPair) o).getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo) {
                return converter.getPrivateKey((PrivateKeyInfo) o);
            }
            throw new TlsMaterialException("private key file " + pem + " holds no unencrypted PEM private key"
                    + (o == null ? "" : " (found " + o.getClass().getSimpleName() + "; decrypt it with openssl first)"));
        } catch (final IOException | RuntimeException e) {
            if (e instanceof TlsMaterialException) {
                throw (TlsMaterialException) e;
            }
            // the parser's message may quote the file; keep only the kind of failure
            throw new TlsMaterialException("private key file " + pem + " is not a readable PEM private key ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static void requireReadable(final Path file, final String what) {
        if (!Files.isRegularFile(file)) {
            throw new TlsMaterialException(what + " file " + file + " does not exist");
        }
        if (!Files.isReadable(file)) {
            throw new TlsMaterialException(what + " file " + file + " is not readable by this process");
        }
    }

    private static char[] randomPassword() {
        final byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }
}
