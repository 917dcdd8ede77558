package dev.fieldgate.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import dev.fieldgate.network.HivemqTransport;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.network.alpn.HivemqAlpn;
import dev.fieldgate.util.PemTls;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.util.List;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fleet provisioning API over an MQTT session of its own, authenticated with the claim certificate:
 * clean session, subscriptions to {@code accepted}/{@code rejected} before each request, JSON payloads.
 * The claim credentials serve this session and nothing else.
 */
public final class ProvisioningClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Mqtt3AsyncClient client;
    private final Duration timeout;
    private final Map<String, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

    /**
     * Connects.
     *
     * @param host      broker host (the AWS IoT data endpoint)
     * @param port      broker port
     * @param clientId  MQTT client id for the claim session
     * @param ca        trusted CA file
     * @param claimCert claim certificate file
     * @param claimKey  claim key file
     * @param timeout   how long connecting and each answer may take
     * @throws ProvisioningException (retryable) when the connection fails
     */
    public ProvisioningClient(final String host, final int port, final String clientId, final Path ca,
                              final Path claimCert, final Path claimKey, final Duration timeout) {
        this(host, port, null, ProxyRules.DIRECT, clientId, ca, claimCert, claimKey, timeout);
    }

    /**
     * @param alpn     ALPN protocol to offer ({@code x-amzn-mqtt-ca} on port 443), or null
     * @param proxies  the plant's outbound proxy
     * @see #ProvisioningClient(String, int, String, Path, Path, Path, Duration)
     */
    public ProvisioningClient(final String host, final int port, final String alpn, final ProxyRules proxies,
                              final String clientId, final Path ca, final Path claimCert, final Path claimKey,
                              final Duration timeout) {
        this.timeout = timeout;
        final KeyManagerFactory keys = PemTls.keyManagers(claimCert, claimKey);
        final TrustManagerFactory trust = PemTls.trustManagers(ca);
        final MqttClientSslConfig ssl = MqttClientSslConfig.builder().keyManagerFactory(keys).trustManagerFactory(trust)
                .build();
        this.client = MqttClient.builder().identifier(clientId)
                .transportConfig(new HivemqTransport(host, port, ssl, false, null, Map.of(), proxies.forHost(host),
                        timeout).build())
                .useMqttVersion3().buildAsync();
        if (alpn != null) {
            try {
                HivemqAlpn.install(client, HivemqAlpn.clientContext(keys, trust, List.of("TLSv1.3", "TLSv1.2"), alpn));
            } catch (final SSLException e) {
                throw new ProvisioningException("cannot offer ALPN " + alpn + ": " + e.getMessage(), false, false);
            }
        }
        client.publishes(MqttGlobalPublishFilter.ALL, p -> {
            final String topic = p.getTopic().toString();
            final int cut = topic.lastIndexOf('/');
            final CompletableFuture<JsonNode> f = waiting.get(topic.substring(0, cut));
            if (f != null) {
                try {
                    final JsonNode body = JSON.readTree(p.getPayloadAsBytes());
                    if (topic.endsWith("/accepted")) {
                        f.complete(body);
                    } else {
                        f.completeExceptionally(refusal(topic.substring(0, cut), body));
                    }
                } catch (final IOException e) {
                    f.completeExceptionally(new ProvisioningException("unreadable answer on " + topic, true, false));
                }
            }
        });
        await(client.connectWith().cleanSession(true).send(), "connecting with the claim certificate");
    }

    /**
     * CreateCertificateFromCsr.
     *
     * @return certificateId, certificatePem, certificateOwnershipToken
     */
    public JsonNode createCertificateFromCsr(final String csrPem) {
        return request("$aws/certificates/create-from-csr/json", JSON.createObjectNode().put("certificateSigningRequest", csrPem));
    }

    /**
     * RegisterThing.
     *
     * @return thingName, deviceConfiguration
     */
    public JsonNode registerThing(final String template, final String ownershipToken, final Map<String, String> parameters) {
        final var body = JSON.createObjectNode().put("certificateOwnershipToken", ownershipToken);
        final var params = body.putObject("parameters");
        parameters.forEach(params::put);
        return request("$aws/provisioning-templates/" + template + "/provision/json", body);
    }

    private JsonNode request(final String topic, final JsonNode body) {
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        waiting.put(topic, answer);
        try {
            await(client.subscribeWith().addSubscription().topicFilter(topic + "/accepted").qos(MqttQos.AT_LEAST_ONCE)
                    .applySubscription().addSubscription().topicFilter(topic + "/rejected").qos(MqttQos.AT_LEAST_ONCE)
                    .applySubscription().send(), "subscribing to the answers of " + topic);
            await(client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(body.toString().getBytes(StandardCharsets.UTF_8)).send(), "sending " + topic);
            return await(answer, "the answer to " + topic);
        } finally {
            waiting.remove(topic);
        }
    }

    private <T> T await(final CompletableFuture<T> f, final String what) {
        try {
            return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (final TimeoutException e) {
            throw new ProvisioningException("no answer within " + timeout.toSeconds() + " s while " + what, true, false);
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof ProvisioningException) {
                throw (ProvisioningException) e.getCause();
            }
            throw new ProvisioningException(what + " failed: " + e.getCause().getMessage(), true, false);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException("interrupted while " + what, true, false);
        }
    }

    static ProvisioningException refusal(final String topic, final JsonNode body) {
        final int status = body.path("statusCode").asInt();
        final String code = body.path("errorCode").asText("");
        final String message = body.path("errorMessage").asText("");
        final boolean retryable = status == 429 || status >= 500 || "Throttling".equalsIgnoreCase(code);
        final boolean tokenExpired = message.toLowerCase().contains("token") || code.toLowerCase().contains("token");
        return new ProvisioningException(topic + " refused: " + status + " " + code + " " + message, retryable, tokenExpired);
    }

    @Override
    public void close() {
        try {
            client.disconnect().get(5, TimeUnit.SECONDS);
        } catch (final Exception e) {
            // the claim session ends either way
        }
    }
}
