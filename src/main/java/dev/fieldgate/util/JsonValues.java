package dev.fieldgate.util;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** Converts between JSON leaves and the values readings carry (Boolean, Long, Double, String). */
public final class JsonValues {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private JsonValues() {
    }

    /** @return Boolean, Long, Double or String; null for anything else (objects, arrays, null). */
    public static Object toJava(final JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isTextual()) {
            return n.textValue();
        }
        return null;
    }

    /** @return the JSON leaf of a reading value. */
    public static JsonNode toJson(final Object v) {
        if (v instanceof Boolean) {
            return F.booleanNode((Boolean) v);
        }
        if (v instanceof Long || v instanceof Integer) {
            return F.numberNode(((Number) v).longValue());
        }
        if (v instanceof Number) {
            return F.numberNode(((Number) v).doubleValue());
        }
        return v == null ? F.nullNode() : F.textNode(String.valueOf(v));
    }
}
