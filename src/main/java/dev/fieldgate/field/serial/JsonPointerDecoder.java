package dev.fieldgate.field.serial;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads JSON messages (one per line on a serial port, one per MQTT message) and takes each field from a JSON
 * pointer such as {@code /temp} or {@code /sensors/0/value} (RFC 6901).
 */
public final class JsonPointerDecoder implements LineDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonPointer> pointers = new HashMap<>();

    /**
     * @param fields the JSON pointers the points use
     * @throws IllegalArgumentException naming a field that is not a JSON pointer
     */
    public JsonPointerDecoder(final List<String> fields) {
        for (final String f : fields) {
            pointers.put(f, compile(f));
        }
    }

    /** @throws IllegalArgumentException when {@code field} is not a JSON pointer */
    public static JsonPointer compile(final String field) {
        if (!field.startsWith("/")) {
            throw new IllegalArgumentException("'" + field + "' is not a JSON pointer; they start with /, e.g. /temp");
        }
        return JsonPointer.compile(field);
    }

    @Override
    public Map<String, Object> decode(final String line) throws FrameRejectedException {
        final JsonNode root;
        try {
            root = JSON.readTree(line);
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new FrameRejectedException(DropReason.MALFORMED, "not JSON: " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new FrameRejectedException(DropReason.MALFORMED, "not JSON: " + e.getMessage());
        }
        if (root == null) {
            throw new FrameRejectedException(DropReason.NOISE, "empty message");
        }
        final Map<String, Object> out = new HashMap<>();
        pointers.forEach((field, pointer) -> {
            final JsonNode n = root.at(pointer);
            if (n.isBoolean()) {
                out.put(field, n.booleanValue());
            } else if (n.isIntegralNumber() && n.canConvertToLong()) {
                out.put(field, n.longValue());
            } else if (n.isNumber()) {
                out.put(field, n.doubleValue());
            } else if (n.isTextual()) {
                out.put(field, n.textValue());
            }
        });
        return out;
    }
}
