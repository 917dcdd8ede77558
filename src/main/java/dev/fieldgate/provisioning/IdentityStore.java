package dev.fieldgate.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import dev.fieldgate.util.AtomicFiles;
import dev.fieldgate.util.PemTls;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
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
 * active.json   after a certificate rotation: the certificate and key in use, and the ones before (rollback)
 * rotated/&lt;job&gt;/ gateway.pem and gateway.key made by a rotation job
 * </pre>
 */
public final class IdentityStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * The identity a certificate rotation switched to, which wins over the others at start.
     *
     * @param cert      certificate in use
     * @param key       its key
     * @param previous  certificate and key before the rotation, kept until the rotation is confirmed
     */
    public record Active(KeyFiles current, Optional<KeyFiles> previous) {
    }

    /** A certificate file and its key file. @param cert certificate (PEM) @param key private key (PEM) */
    public record KeyFiles(Path cert, Path key) {
    }

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
            final KeyPair keys = CertificateSigning.newKey();
            write(pub, CertificateSigning.publicKeyPem(keys.getPublic()), false);
            write(file, CertificateSigning.privateKeyPem(keys), true);
            return keys;
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

    /** @return the identity a certificate rotation switched to, when its files are there */
    public Optional<Active> active() {
        final Path file = dir.resolve("active.json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            final JsonNode a = JSON.readTree(file.toFile());
            final Path cert = Path.of(a.path("cert").asText());
            final Path key = Path.of(a.path("key").asText());
            if (!Files.isRegularFile(cert) || !Files.isRegularFile(key)) {
                return Optional.empty();
            }
            final Optional<KeyFiles> previous = a.hasNonNull("previousCert")
                    ? Optional.of(new KeyFiles(Path.of(a.get("previousCert").asText()), Path.of(a.get("previousKey").asText())))
                    : Optional.empty();
            return Optional.of(new Active(new KeyFiles(cert, key), previous));
        } catch (final IOException e) {
            throw new UncheckedIOException("unreadable " + file, e);
        }
    }

    /**
     * Makes a certificate and key the ones the gateway starts with, in one atomic write.
     *
     * @param previous the certificate and key to go back to, or null once there is no way back
     */
    public void activate(final KeyFiles current, final KeyFiles previous) {
        final ObjectNode a = JSON.createObjectNode().put("cert", current.cert().toAbsolutePath().toString())
                .put("key", current.key().toAbsolutePath().toString());
        if (previous != null) {
            a.put("previousCert", previous.cert().toAbsolutePath().toString())
                    .put("previousKey", previous.key().toAbsolutePath().toString());
        }
        write(dir.resolve("active.json"), a.toString(), false);
    }

    /** @return where a rotation job keeps its new key and certificate */
    public Path rotationDir(final String job) {
        return dir.resolve("rotated").resolve(job);
    }

    /** @return true when the file is one this store made (and may delete), not one the operator configured */
    public boolean owns(final Path file) {
        return file.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
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
