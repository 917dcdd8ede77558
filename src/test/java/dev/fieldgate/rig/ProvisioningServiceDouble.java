package dev.fieldgate.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import dev.fieldgate.demo.DemoPki;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the AWS IoT fleet provisioning API on a test broker, written from the protocol digest:
 * {@code CreateCertificateFromCsr} checks the request's signature and signs its key with the test CA;
 * {@code RegisterThing} takes an ownership token once, checks the template name and the SerialNumber
 * parameter, and names the thing. It can refuse, or stay silent to make the gateway "crash" in between.
 */
public final class ProvisioningServiceDouble implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final AtomicInteger csrRequests = new AtomicInteger();
    public final AtomicInteger provisionRequests = new AtomicInteger();
    public volatile boolean silentOnProvision;
    public volatile String refuseProvision;
    public volatile String lastCsrSubject;
    private final Map<String, String> tokens = new HashMap<>();
    private final Mqtt3AsyncClient client;
    private final DemoPki ca;
    /** The CA certificates are issued with; another than the broker's makes certificates the broker refuses. */
    public volatile DemoPki signer;
    /** The template the service knows; change it to let a waiting gateway succeed. */
    public volatile String template;

    /** Connects with its own certificate ({@code backend}) and subscribes to the request topics. */
    public ProvisioningServiceDouble(final int port, final DemoPki ca, final String template) throws Exception {
        this.ca = ca;
        this.signer = ca;
        this.template = template;
        final Path dir = ca.dir();
        client = ClientTls.builder("provisioning", port, ca.caFile(), dir.resolve("backend.pem"), dir.resolve("backend.key"))
                .useMqttVersion3().buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, p -> handle(p.getTopic().toString(), p.getPayloadAsBytes()));
        client.connectWith().cleanSession(true).send().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter("$aws/certificates/create-from-csr/json").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter("$aws/provisioning-templates/+/provision/json").qos(MqttQos.AT_LEAST_ONCE)
                .send().get(10, TimeUnit.SECONDS);
    }

    private synchronized void handle(final String topic, final byte[] payload) {
        try {
            final JsonNode body = JSON.readTree(payload);
            if (topic.equals("$aws/certificates/create-from-csr/json")) {
                csrRequests.incrementAndGet();
                final PKCS10CertificationRequest csr;
                try (PEMParser parser = new PEMParser(new StringReader(body.path("certificateSigningRequest").asText()))) {
                    csr = (PKCS10CertificationRequest) parser.readObject();
                }
                if (csr == null || !csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                        .build(new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo())))) {
                    answer(topic + "/rejected", error(400, "InvalidCsr", "the certificate signing request is invalid"));
                    return;
                }
                lastCsrSubject = csr.getSubject().toString();
                final String token = UUID.randomUUID().toString();
                final String certId = UUID.randomUUID().toString().replace("-", "");
                tokens.put(token, certId);
                final ObjectNode ok = JSON.createObjectNode().put("certificateId", certId)
                        .put("certificatePem", signer.issueFor(new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo()),
                                csr.getSubject().toString().replace("CN=", "")))
                        .put("certificateOwnershipToken", token);
                answer(topic + "/accepted", ok);
            } else {
                provisionRequests.incrementAndGet();
                if (silentOnProvision) {
                    return;
                }
                if (refuseProvision != null) {
                    answer(topic + "/rejected", error(400, refuseProvision, "refused by the test"));
                    return;
                }
                if (!topic.equals("$aws/provisioning-templates/" + template + "/provision/json")) {
                    answer(topic + "/rejected", error(404, "ResourceNotFoundException", "no such template"));
                    return;
                }
                final String certId = tokens.remove(body.path("certificateOwnershipToken").asText());
                if (certId == null) {
                    answer(topic + "/rejected", error(400, "InvalidCertificateOwnershipToken", "unknown or used token"));
                    return;
                }
                final String serial = body.path("parameters").path("SerialNumber").asText("");
                if (serial.isEmpty()) {
                    answer(topic + "/rejected", error(400, "InvalidParameters", "SerialNumber is required"));
                    return;
                }
                final ObjectNode ok = JSON.createObjectNode().put("thingName", lastCsrSubject.replace("CN=", ""));
                ok.putObject("deviceConfiguration").put("site", "line3");
                answer(topic + "/accepted", ok);
            }
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode error(final int status, final String code, final String message) {
        return JSON.createObjectNode().put("statusCode", status).put("errorCode", code).put("errorMessage", message);
    }

    private void answer(final String topic, final JsonNode body) {
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(body.toString().getBytes(StandardCharsets.UTF_8))
                .send();
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(5, TimeUnit.SECONDS);
    }
}
