package dev.fieldgate.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.util.io.pem.PemObject;
import dev.fieldgate.util.AtomicFiles;
import dev.fieldgate.util.PemTls;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;

/**
 * The gateway's identity on disk ({@code <data-dir>/identity/}). Every file is written to a temporary file,
 * flushed and renamed, so a crash leaves the old file or the new one, never half of one; keys are
 * owner-only. {@code thing.json} is written last: its presence means a complete identity.
 *
 * <pre>
 * pending.key   key generated for the certificate request (never leaves the box); pending.pub its public half
 * pending.json  certificate and ownership token received, registration not yet done
 * gateway.key   the identity's key (pending.key once registered)
 * gateway.pem   the identity's certificate
 * thing.json    thing name, certificate id, device configuration: the commit marker
 * </pre>
 */
public final class IdentityStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A certificate received and not yet registered. */
    public record Pending(String certificatePem, String certificateId, String ownershipToken, long createdAt) {
    }

    private final Path dir;

    /** @param dir the identity directory, created when needed */
    public IdentityStore(final Path dir) {
        this.dir = dir;
    }

    /** @return the complete identity, if the gateway has one. */
    public Optional<Identity> current() {
        final Path thing = dir.resolve("thing.json");
        if (!Files.isRegularFile(thing) || !Files.isRegularFile(dir.resolve("gateway.pem"))
                || !Files.isRegularFile(dir.resolve("gateway.key"))) {
            return Optional.empty();
        }
        try {
            final JsonNode t = JSON.readTree(thing.toFile());
            return Optional.of(new Identity(t.path("thingName").asText(), dir.resolve("gateway.pem"),
                    dir.resolve("gateway.key")));
        } catch (final IOException e) {
            throw new UncheckedIOException("unreadable " + thing, e);
        }
    }

    /** @return the key for the certificate request, made now (and kept) if there is none. */
    public KeyPair pendingKey() {
        final Path file = dir.resolve("pending.key");
        final Path pub = dir.resolve("pending.pub");
        try {
            if (Files.isRegularFile(file) && Files.isRegularFile(pub)) {
                return new KeyPair(publicKey(pub), PemTls.privateKey(file));
            }
            final KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            final KeyPair keys = g.generateKeyPair();
            final StringWriter pem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
                w.writeObject(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded()));
            }
            final StringWriter pubPem = new StringWriter();
            try (JcaPEMWriter w = new JcaPEMWriter(pubPem)) {
                w.writeObject(keys.getPublic());
            }
            write(pub, pubPem.toString(), false);
            write(file, pem.toString(), true);
            return keys;
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("cannot make an EC P-256 key: " + e.getMessage(), e);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the certificate received before a crash or restart, if registration is still to be done. */
    public Optional<Pending> pending() {
        final Path file = dir.resolve("pending.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            final JsonNode p = JSON.readTree(file.toFile());
            return Optional.of(new Pending(p.path("certificatePem").asText(), p.path("certificateId").asText(),
                    p.path("certificateOwnershipToken").asText(), p.path("createdAt").asLong()));
        } catch (final IOException e) {
            throw new UncheckedIOException("unreadable " + file, e);
        }
    }

    /** Keeps a received certificate and its token until registration is done. */
    public void savePending(final Pending p) {
        final ObjectNode o = JSON.createObjectNode().put("certificatePem", p.certificatePem())
                .put("certificateId", p.certificateId()).put("certificateOwnershipToken", p.ownershipToken())
                .put("createdAt", p.createdAt());
        // the token lets anyone holding it register a thing for this certificate: owner-only like a key
        write(dir.resolve("pending.json"), o.toString(), true);
    }

    /** Forgets a pending certificate whose token expired, and its key, so that the flow starts afresh. */
    public void discardPending() {
        try {
            Files.deleteIfExists(dir.resolve("pending.json"));
            Files.deleteIfExists(dir.resolve("pending.key"));
            Files.deleteIfExists(dir.resolve("pending.pub"));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Makes the registered certificate the gateway's identity: certificate and key first, the thing file
     * last, then the pending files go.
     */
    public Identity commit(final String thingName, final Pending p, final JsonNode deviceConfiguration) {
        try {
            write(dir.resolve("gateway.pem"), p.certificatePem(), false);
            write(dir.resolve("gateway.key"), Files.readString(dir.resolve("pending.key"), StandardCharsets.US_ASCII), true);
            final ObjectNode thing = JSON.createObjectNode().put("thingName", thingName)
                    .put("certificateId", p.certificateId()).put("provisionedAt", System.currentTimeMillis());
            thing.set("deviceConfiguration", deviceConfiguration == null ? JSON.createObjectNode() : deviceConfiguration);
            write(dir.resolve("thing.json"), thing.toString(), false);
            discardPending();
            return current().orElseThrow();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static PublicKey publicKey(final Path pem) throws IOException {
        try (Reader r = Files.newBufferedReader(pem, StandardCharsets.US_ASCII); PEMParser parser = new PEMParser(r)) {
            return new JcaPEMKeyConverter().getPublicKey((SubjectPublicKeyInfo) parser.readObject());
        } catch (final ClassCastException e) {
            throw new IOException(pem + " holds no public key");
        }
    }

    private void write(final Path target, final String content, final boolean ownerOnly) {
        AtomicFiles.write(target, content, ownerOnly);
    }
}
