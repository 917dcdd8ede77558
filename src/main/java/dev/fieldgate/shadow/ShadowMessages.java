package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The documents the shadow service answers with, in its shapes (AWS IoT developer guide, shadow documents). */
public final class ShadowMessages {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private ShadowMessages() {
    }

    /** @return the stored form, also the {@code /get/accepted} answer without delta and token. */
    public static ObjectNode stored(final ShadowDocument d) {
        final ObjectNode o = F.objectNode();
        o.set("state", d.state());
        o.set("metadata", d.metadata());
        o.put("version", d.version());
        o.put("timestamp", d.timestamp());
        return o;
    }

    /** @return a document from its stored form. */
    public static ShadowDocument fromStored(final JsonNode o) {
        final ObjectNode state = JsonTrees.objectOrEmpty(o.get("state"));
        final ObjectNode meta = JsonTrees.objectOrEmpty(o.get("metadata"));
        return new ShadowDocument(JsonTrees.objectOrEmpty(state.get("desired")).deepCopy(),
                JsonTrees.objectOrEmpty(state.get("reported")).deepCopy(),
                JsonTrees.objectOrEmpty(meta.get("desired")).deepCopy(),
                JsonTrees.objectOrEmpty(meta.get("reported")).deepCopy(),
                o.path("version").asLong(), o.path("timestamp").asLong());
    }

    /** @return the {@code /get/accepted} answer: state with delta, metadata, version. */
    public static ObjectNode getAccepted(final ShadowDocument d, final String clientToken, final long now) {
        final ObjectNode o = stored(d);
        final ObjectNode delta = d.delta();
        if (!delta.isEmpty()) {
            ((ObjectNode) o.get("state")).set("delta", delta);
        }
        o.put("timestamp", now);
        return withToken(o, clientToken);
    }

    /** @return the {@code /update/accepted} answer: the request's state with metadata for what it touched. */
    public static ObjectNode updateAccepted(final ShadowUpdate u, final ShadowDocument d, final long now) {
        final ObjectNode o = F.objectNode();
        o.set("state", u.state().deepCopy());
        final ObjectNode meta = F.objectNode();
        u.state().fields().forEachRemaining(e -> meta.set(e.getKey(), ShadowEngine.metadataFor(e.getValue(), d.timestamp())));
        o.set("metadata", meta);
        o.put("version", d.version());
        o.put("timestamp", now);
        return withToken(o, u.clientToken());
    }

    /** @return the {@code /update/delta} message, or null when desired matches reported. */
    public static ObjectNode delta(final ShadowDocument d, final String clientToken, final long now) {
        final ObjectNode delta = d.delta();
        if (delta.isEmpty()) {
            return null;
        }
        final ObjectNode o = F.objectNode();
        o.put("version", d.version());
        o.put("timestamp", now);
        o.set("state", delta);
        o.set("metadata", ShadowEngine.deltaMetadata(delta, d.desiredMetadata()));
        return withToken(o, clientToken);
    }

    /** @return the {@code /update/documents} message. */
    public static ObjectNode documents(final ShadowDocument previous, final ShadowDocument current,
                                       final String clientToken, final long now) {
        final ObjectNode o = F.objectNode();
        o.set("previous", versioned(previous));
        o.set("current", versioned(current));
        o.put("timestamp", now);
        return withToken(o, clientToken);
    }

    /** @return the {@code /delete/accepted} answer. */
    public static ObjectNode deleteAccepted(final long version, final String clientToken, final long now) {
        final ObjectNode o = F.objectNode();
        o.put("version", version);
        o.put("timestamp", now);
        return withToken(o, clientToken);
    }

    /** @return the error document of a {@code /rejected} answer. */
    public static ObjectNode error(final ShadowError e, final String clientToken, final long now) {
        final ObjectNode o = F.objectNode();
        o.put("code", e.code());
        o.put("message", e.getMessage());
        o.put("timestamp", now);
        return withToken(o, clientToken);
    }

    private static ObjectNode versioned(final ShadowDocument d) {
        final ObjectNode o = F.objectNode();
        o.set("state", d.state());
        o.set("metadata", d.metadata());
        o.put("version", d.version());
        return o;
    }

    private static ObjectNode withToken(final ObjectNode o, final String clientToken) {
        if (clientToken != null) {
            o.put("clientToken", clientToken);
        }
        return o;
    }
}
