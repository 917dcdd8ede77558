package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Reconciles the local and the cloud copy of one shadow section against the state both held at the last sync,
 * the way AWS IoT Greengrass Shadow Manager does: per leaf, a side that changed since the base wins; when both
 * changed, the section's owner wins (the cloud for {@code desired}, the gateway for {@code reported});
 * objects are merged key by key; a key removed on one side and untouched on the other is removed.
 */
public final class ThreeWayMerge {

    /** Which copy wins a leaf that both sides changed. */
    public enum Owner { LOCAL, CLOUD }

    private ThreeWayMerge() {
    }

    /**
     * @param local  the local section
     * @param cloud  the cloud section
     * @param base   the section at the last sync, or null when the two never synced (every difference then
     *               counts as a change on both sides)
     * @param owner  who wins a conflict
     * @return the merged section
     */
    public static ObjectNode merge(final ObjectNode local, final ObjectNode cloud, final ObjectNode base,
                                   final Owner owner) {
        final ObjectNode out = JsonNodeFactory.instance.objectNode();
        final Set<String> keys = new LinkedHashSet<>();
        local.fieldNames().forEachRemaining(keys::add);
        cloud.fieldNames().forEachRemaining(keys::add);
        for (final String k : keys) {
            final JsonNode merged = mergeValue(local.get(k), cloud.get(k), base == null ? null : base.get(k),
                    base == null, owner);
            if (merged != null) {
                out.set(k, merged);
            }
        }
        return out;
    }

    private static JsonNode mergeValue(final JsonNode l, final JsonNode c, final JsonNode b, final boolean noBase,
                                       final Owner owner) {
        if (JsonTrees.same(l, c)) {
            return l == null ? null : l.deepCopy();
        }
        if (noBase && (l == null || c == null)) {
            // never synced: a key only one side has is new there, not deleted on the other
            return copy(l == null ? c : l);
        }
        final boolean localChanged = noBase || !JsonTrees.same(l, b);
        final boolean cloudChanged = noBase || !JsonTrees.same(c, b);
        if (localChanged && !cloudChanged) {
            return copy(l);
        }
        if (cloudChanged && !localChanged) {
            return copy(c);
        }
        if (l != null && c != null && l.isObject() && c.isObject()) {
            return merge((ObjectNode) l, (ObjectNode) c,
                    b != null && b.isObject() ? (ObjectNode) b : (noBase ? null : JsonNodeFactory.instance.objectNode()),
                    owner);
        }
        return copy(owner == Owner.LOCAL ? l : c);
    }

    private static JsonNode copy(final JsonNode n) {
        return n == null ? null : n.deepCopy();
    }
}
