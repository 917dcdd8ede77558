package dev.fieldgate.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.shadow.ShadowDocument;
import dev.fieldgate.shadow.ShadowEngine;
import dev.fieldgate.shadow.ShadowError;
import dev.fieldgate.shadow.ShadowLimits;
import dev.fieldgate.shadow.ShadowMessages;
import dev.fieldgate.shadow.ShadowUpdate;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * A stand-in for the AWS IoT Device Shadow service's MQTT side, written from the protocol digest: named
 * shadows per thing, {@code get}/{@code update}/{@code delete} requests answered on {@code accepted} /
 * {@code rejected}, {@code delta} and {@code documents} after accepted updates, versions that survive
 * deletion. Document rules come from the shadow engine, whose AWS cases are tested on their own.
 */
public final class ShadowCloudDouble {

    private final Map<String, ShadowDocument> shadows = new HashMap<>();
    private final Map<String, Long> deletedVersions = new HashMap<>();
    private final BiConsumer<String, byte[]> publish;
    private int requests;
    private Runnable beforeNextUpdate;

    /** @param publish sends a message to the device side */
    public ShadowCloudDouble(final BiConsumer<String, byte[]> publish) {
        this.publish = publish;
    }

    /** Handles a request published by a device; anything that is not a named-shadow request is ignored. */
    public synchronized void handle(final String topic, final byte[] payload) {
        final String[] p = topic.split("/");
        if (p.length != 7 || !"$aws".equals(p[0]) || !"things".equals(p[1]) || !"shadow".equals(p[3])
                || !"name".equals(p[4])) {
            return;
        }
        requests++;
        final String key = p[2] + "/" + p[5];
        final String prefix = topic;
        String token = null;
        try {
            final JsonNode body = payload.length == 0 ? ShadowEngine.JSON.createObjectNode() : ShadowEngine.parse(payload);
            token = body.isObject() ? ShadowEngine.clientToken(body) : null;
            switch (p[6]) {
                case "get":
                    final ShadowDocument d = shadows.get(key);
                    if (d == null) {
                        throw new ShadowError(404, "No shadow exists with name: " + p[5]);
                    }
                    send(prefix + "/accepted", ShadowMessages.getAccepted(d, token, now()));
                    break;
                case "update":
                    if (beforeNextUpdate != null) {
                        final Runnable r = beforeNextUpdate;
                        beforeNextUpdate = null;
                        r.run();
                    }
                    update(key, prefix, ShadowEngine.parseUpdate(payload, ShadowLimits.AWS));
                    break;
                case "delete":
                    final ShadowDocument gone = shadows.remove(key);
                    if (gone == null) {
                        throw new ShadowError(404, "No shadow exists with name: " + p[5]);
                    }
                    deletedVersions.put(key, gone.version());
                    send(prefix + "/accepted", ShadowMessages.deleteAccepted(gone.version(), token, now()));
                    break;
                default:
                    break;
            }
        } catch (final ShadowError e) {
            send(prefix + "/rejected", ShadowMessages.error(e, token, now()));
        }
    }

    /** An application changes a shadow from the cloud side, as the AWS console or an API call would. */
    public synchronized void cloudUpdate(final String thing, final String shadow, final String request) {
        update(thing + "/" + shadow, "$aws/things/" + thing + "/shadow/name/" + shadow + "/update",
                ShadowEngine.parseUpdate(request.getBytes(StandardCharsets.UTF_8), ShadowLimits.AWS));
    }

    /** An application deletes a shadow from the cloud side. */
    public synchronized void cloudDelete(final String thing, final String shadow) {
        handle("$aws/things/" + thing + "/shadow/name/" + shadow + "/delete", new byte[0]);
    }

    /** Runs {@code change} (typically {@link #cloudUpdate}) just before the next device update is applied. */
    public synchronized void beforeNextUpdate(final Runnable change) {
        this.beforeNextUpdate = change;
    }

    /** @return the cloud's document, or null. */
    public synchronized ShadowDocument document(final String thing, final String shadow) {
        return shadows.get(thing + "/" + shadow);
    }

    /** @return requests received so far. */
    public synchronized int requests() {
        return requests;
    }

    private void update(final String key, final String prefix, final ShadowUpdate u) {
        final ShadowDocument before = shadows.containsKey(key) ? shadows.get(key) : withVersion(deletedVersions.getOrDefault(key, 0L));
        final ShadowDocument after = ShadowEngine.apply(before, u, now(), ShadowLimits.AWS);
        shadows.put(key, after);
        send(prefix + "/accepted", ShadowMessages.updateAccepted(u, after, now()));
        final ObjectNode delta = ShadowMessages.delta(after, u.clientToken(), now());
        if (delta != null) {
            send(prefix + "/delta", delta);
        }
        send(prefix + "/documents", ShadowMessages.documents(before, after, u.clientToken(), now()));
    }

    private static ShadowDocument withVersion(final long version) {
        final ShadowDocument n = ShadowDocument.none();
        return new ShadowDocument(n.desired(), n.reported(), n.desiredMetadata(), n.reportedMetadata(), version, 0);
    }

    private void send(final String topic, final ObjectNode body) {
        publish.accept(topic, body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}
