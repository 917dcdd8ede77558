package dev.fieldgate.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.uplink.Uplink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * CreateCertificateFromCsr (cloud-protocols §5.1) over the gateway's own uplink session, for certificate rotation:
 * where {@link ProvisioningClient} talks on a claim session, a provisioned gateway asks with the certificate it has.
 * One request at a time (the API carries no client token to match answers with).
 */
public final class UplinkCertificateRequests {

    /** The request topic; answers come on {@code /accepted} and {@code /rejected} below it. */
    public static final String TOPIC = "$aws/certificates/create-from-csr/json";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A certificate chain in PEM is a few KB; anything far larger is not an answer. */
    private static final int MAX_ANSWER_BYTES = 64 * 1024;

    /**
     * A certificate issued for the gateway's key.
     *
     * @param certificateId    AWS IoT's id of the certificate
     * @param certificatePem   the certificate, checked to be for the key of the request
     * @param ownershipToken   the token RegisterThing would take; a credential, never logged
     */
    public record Issued(String certificateId, String certificatePem, String ownershipToken) {
    }

    private final BiFunction<String, byte[], CompletableFuture<Void>> publish;
    private final Duration timeout;
    private final AtomicReference<CompletableFuture<JsonNode>> waiting = new AtomicReference<>();

    /**
     * Subscribes to the answers now, so that they are subscribed before the first request (§5.1).
     *
     * @param publish QoS 1 publish on the uplink session
     * @param timeout how long an answer may take
     */
    public UplinkCertificateRequests(final Uplink uplink, final BiFunction<String, byte[], CompletableFuture<Void>> publish,
                                     final Duration timeout) {
        this.publish = Objects.requireNonNull(publish, "publish");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        uplink.subscribe(TOPIC + "/+", this::receive);
    }

    private void receive(final InboundMessage m) {
        final CompletableFuture<JsonNode> f = waiting.get();
        try {
            if (f == null) {
                return;
            }
            if (m.payload().length > MAX_ANSWER_BYTES) {
                f.completeExceptionally(new ProvisioningException("answer of " + m.payload().length + " bytes on "
                        + m.topic(), true, false));
                return;
            }
            final JsonNode body = JSON.readTree(m.payload());
            if (body == null || !body.isObject()) {
                f.completeExceptionally(new ProvisioningException("unreadable answer on " + m.topic(), true, false));
            } else if (m.topic().endsWith("/accepted")) {
                f.complete(body);
            } else {
                f.completeExceptionally(ProvisioningClient.refusal(TOPIC, body));
            }
        } catch (final IOException e) {
            f.completeExceptionally(new ProvisioningException("unreadable answer on " + m.topic(), true, false));
        } finally {
            m.acknowledge();
        }
    }

    /**
     * Sends a CSR for the key and waits for the certificate (blocking: call from a worker thread).
     *
     * @param commonName names the request
     * @return the certificate, checked to be for {@code keys}
     * @throws ProvisioningException when refused, unanswered within the timeout, or not a certificate for the key
     */
    public Issued createFromCsr(final KeyPair keys, final String commonName) {
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        if (!waiting.compareAndSet(null, answer)) {
            throw new ProvisioningException("another certificate request is under way", true, false);
        }
        try {
            final byte[] body = JSON.createObjectNode().put("certificateSigningRequest",
                    CertificateSigning.csr(keys, commonName)).toString().getBytes(StandardCharsets.UTF_8);
            publish.apply(TOPIC, body).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final JsonNode a = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            final String pem = a.path("certificatePem").asText("");
            CertificateSigning.certificateFor(pem, keys.getPublic());
            return new Issued(a.path("certificateId").asText(""), pem, a.path("certificateOwnershipToken").asText(""));
        } catch (final TimeoutException e) {
            throw new ProvisioningException("no answer to " + TOPIC + " within " + timeout.toSeconds() + " s", true,
                    false);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof ProvisioningException p) {
                throw p;
            }
            throw new ProvisioningException(TOPIC + " not sent: " + e.getCause().getMessage(), true, false);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while waiting for " + TOPIC, true, false);
        } finally {
            waiting.set(null);
        }
    }
}
