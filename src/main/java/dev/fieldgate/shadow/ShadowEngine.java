package dev.fieldgate.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The Device Shadow service's rules, as pure functions: request validation, deep merge where {@code null}
 * deletes and arrays are replaced whole, per-leaf metadata, version check, delta, and the limits.
 */
public final class ShadowEngine {

    /** The JSON mapper shared by the shadow and command code; thread-safe once configured. */
    public static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final Set<String> REQUEST_FIELDS = Set.of("state", "version", "clientToken");
    private static final Set<String> SECTIONS = Set.of("desired", "reported");
    private static final int MAX_CLIENT_TOKEN_BYTES = 64;

    private ShadowEngine() {
    }

    /**
     * Parses and checks an update request.
     *
     * @throws ShadowError 400 naming the problem, 413 when the request is oversized
     */
    public static ShadowUpdate parseUpdate(final byte[] payload, final ShadowLimits limits) {
        if (payload.length > limits.maxRequestBytes()) {
            throw ShadowError.tooLarge();
        }
        if (payload.length == 0) {
            throw ShadowError.badRequest("Missing update payload");
        }
        final JsonNode root = parse(payload);
        if (!root.isObject()) {
            throw ShadowError.badRequest("Invalid JSON: the request must be an object");
        }
        for (final Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            final String f = it.next();
            if (!REQUEST_FIELDS.contains(f)) {
                throw ShadowError.badRequest("Invalid JSON: unexpected field '" + f + "'");
            }
        }
        final String token = clientToken(root);
        final JsonNode version = root.get("version");
        if (version != null && !(version.canConvertToExactIntegral() && version.canConvertToLong()
                && version.asLong() >= 0)) {
            throw ShadowError.badRequest("Invalid version");
        }
        final JsonNode state = root.get("state");
        if (state == null) {
            throw ShadowError.badRequest("Missing required node: state");
        }
        if (!state.isObject()) {
            throw ShadowError.badRequest("State node must be an object");
        }
        for (final Iterator<Map.Entry<String, JsonNode>> it = state.fields(); it.hasNext(); ) {
            final Map.Entry<String, JsonNode> e = it.next();
            if (!SECTIONS.contains(e.getKey())) {
                throw ShadowError.badRequest("State contains an invalid node: '" + e.getKey() + "'");
            }
            if (!e.getValue().isObject() && !e.getValue().isNull()) {
                throw ShadowError.badRequest(e.getKey() + " node must be an object");
            }
            if (JsonTrees.depth(e.getValue()) > limits.maxDepth()) {
                throw ShadowError.badRequest("JSON contains too many levels of nesting; maximum is " + limits.maxDepth());
            }
        }
        return new ShadowUpdate((ObjectNode) state, version == null ? null : version.asLong(), token);
    }

    /** @return the request's clientToken, or null. @throws ShadowError 400 when it is not a short string */
    public static String clientToken(final JsonNode request) {
        final JsonNode token = request.get("clientToken");
        if (token == null) {
            return null;
        }
        if (!token.isTextual() || token.asText().getBytes(StandardCharsets.UTF_8).length > MAX_CLIENT_TOKEN_BYTES) {
            throw ShadowError.badRequest("Invalid clientToken");
        }
        return token.asText();
    }

    /** @return the parsed JSON. @throws ShadowError 400 when it is not JSON */
    public static JsonNode parse(final byte[] payload) {
        try {
            final JsonNode n = JSON.readTree(payload);
            if (n == null || n.isMissingNode()) {
                throw ShadowError.badRequest("Missing update payload");
            }
            return n;
        } catch (final IOException e) {
            throw ShadowError.badRequest("Invalid JSON: " + firstLine(e.getMessage()));
        }
    }

    /**
     * Applies an update.
     *
     * @param current     the stored document, or {@link ShadowDocument#none()}, or the deleted one (its version)
     * @param update      the validated request
     * @param nowSeconds  time stamp for the touched leaves
     * @return the new document, one version higher
     * @throws ShadowError 409 on a version mismatch, 413 when the resulting state exceeds the size limit
     */
    public static ShadowDocument apply(final ShadowDocument current, final ShadowUpdate update,
                                       final long nowSeconds, final ShadowLimits limits) {
        if (update.version() != null && update.version() != current.version()) {
            throw ShadowError.versionConflict();
        }
        final ObjectNode desired = current.desired().deepCopy();
        final ObjectNode reported = current.reported().deepCopy();
        final ObjectNode desiredMeta = current.desiredMetadata().deepCopy();
        final ObjectNode reportedMeta = current.reportedMetadata().deepCopy();
        applySection(update.state().get("desired"), desired, desiredMeta, nowSeconds);
        applySection(update.state().get("reported"), reported, reportedMeta, nowSeconds);
        final ShadowDocument next = new ShadowDocument(desired, reported, desiredMeta, reportedMeta,
                current.version() + 1, nowSeconds);
        if (stateBytes(next) > limits.maxStateBytes()) {
            throw ShadowError.tooLarge();
        }
        return next;
    }

    private static void applySection(final JsonNode change, final ObjectNode target, final ObjectNode meta,
                                     final long ts) {
        if (change == null) {
            return;
        }
        if (change.isNull()) {
            // "desired": null removes the whole section
            target.removeAll();
            meta.removeAll();
            return;
        }
        merge((ObjectNode) change, target, meta, ts);
    }

    private static void merge(final ObjectNode change, final ObjectNode target, final ObjectNode meta, final long ts) {
        change.fields().forEachRemaining(e -> {
            final String key = e.getKey();
            final JsonNode value = e.getValue();
            if (value.isNull()) {
                target.remove(key);
                meta.remove(key);
            } else if (value.isObject()) {
                final JsonNode existing = target.get(key);
                final ObjectNode sub = existing != null && existing.isObject() ? (ObjectNode) existing : F.objectNode();
                final JsonNode existingMeta = meta.get(key);
                final ObjectNode subMeta = existing != null && existing.isObject() && existingMeta != null
                        && existingMeta.isObject() ? (ObjectNode) existingMeta : F.objectNode();
                merge((ObjectNode) value, sub, subMeta, ts);
                target.set(key, sub);
                meta.set(key, subMeta);
            } else {
                target.set(key, value.deepCopy());
                meta.set(key, metadataFor(value, ts));
            }
        });
    }

    /** @return metadata for a value: a time stamp per leaf, per array element, per nested field. */
    static JsonNode metadataFor(final JsonNode value, final long ts) {
        if (value.isObject()) {
            final ObjectNode m = F.objectNode();
            value.fields().forEachRemaining(e -> m.set(e.getKey(), metadataFor(e.getValue(), ts)));
            return m;
        }
        if (value.isArray()) {
            final ArrayNode a = F.arrayNode();
            value.forEach(v -> a.add(metadataFor(v, ts)));
            return a;
        }
        return F.objectNode().put("timestamp", ts);
    }

    /** @return desired fields that reported lacks or holds differently; nested objects give nested deltas. */
    static ObjectNode delta(final ObjectNode desired, final ObjectNode reported) {
        final ObjectNode out = F.objectNode();
        desired.fields().forEachRemaining(e -> {
            final JsonNode r = reported.get(e.getKey());
            if (e.getValue().isObject() && r != null && r.isObject()) {
                final ObjectNode sub = delta((ObjectNode) e.getValue(), (ObjectNode) r);
                if (!sub.isEmpty()) {
                    out.set(e.getKey(), sub);
                }
            } else if (!JsonTrees.same(e.getValue(), r)) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        return out;
    }

    /** @return metadata of the delta's paths, taken from the desired metadata. */
    static ObjectNode deltaMetadata(final ObjectNode delta, final ObjectNode desiredMeta) {
        final ObjectNode out = F.objectNode();
        delta.fields().forEachRemaining(e -> {
            final JsonNode m = desiredMeta.get(e.getKey());
            if (m == null) {
                return;
            }
            out.set(e.getKey(), e.getValue().isObject() && m.isObject()
                    ? deltaMetadata((ObjectNode) e.getValue(), (ObjectNode) m) : m.deepCopy());
        });
        return out;
    }

    static int stateBytes(final ShadowDocument d) {
        try {
            return JSON.writeValueAsBytes(d.state()).length;
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String firstLine(final String s) {
        if (s == null) {
            return "unreadable";
        }
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
