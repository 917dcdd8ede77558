package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/** Comparisons and diffs of JSON trees as the shadow service sees them: numbers by value, arrays whole. */
public final class JsonTrees {

    private JsonTrees() {
    }

    /** @return true when both are absent or equal; 1 and 1.0 are equal, as the shadow service compares them. */
    public static boolean same(final JsonNode a, final JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
                final Map.Entry<String, JsonNode> e = it.next();
                if (!same(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!same(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /**
     * The partial update that turns {@code from} into {@code to}: changed leaves, nested objects recursively,
     * {@code null} for keys that {@code to} lacks.
     */
    public static ObjectNode diff(final ObjectNode from, final ObjectNode to) {
        final ObjectNode out = JsonNodeFactory.instance.objectNode();
        to.fields().forEachRemaining(e -> {
            final JsonNode old = from.get(e.getKey());
            if (old != null && old.isObject() && e.getValue().isObject()) {
                final ObjectNode sub = diff((ObjectNode) old, (ObjectNode) e.getValue());
                if (!sub.isEmpty()) {
                    out.set(e.getKey(), sub);
                }
            } else if (!same(old, e.getValue())) {
                out.set(e.getKey(), e.getValue().deepCopy());
            }
        });
        from.fieldNames().forEachRemaining(k -> {
            if (!to.has(k)) {
                out.putNull(k);
            }
        });
        return out;
    }

    /** @return nesting depth: 0 for a leaf, 1 for an object of leaves, and so on; arrays count as a level. */
    public static int depth(final JsonNode node) {
        int deepest = 0;
        if (node.isContainerNode()) {
            for (final JsonNode child : node) {
                deepest = Math.max(deepest, depth(child));
            }
            return deepest + 1;
        }
        return 0;
    }

    /** @return {@code node} as an object, or a new empty object when it is absent or not an object. */
    public static ObjectNode objectOrEmpty(final JsonNode node) {
        return node != null && node.isObject() ? (ObjectNode) node : JsonNodeFactory.instance.objectNode();
    }
}
