package dev.fieldgate.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.fieldgate.util.JsonValues;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a command payload against its schema: every field known and of the right type, ids and topics
 * well-formed, sizes bounded. Whether points exist and may be written is the executor's check.
 */
final class CommandParser {

    static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    static final int MAX_POINTS = 100;
    private static final long MAX_TIMEOUT_MS = 3_600_000;
    private static final Set<String> FIELDS = Set.of("session-id", "op", "points", "res-topic", "timeout-ms");
    private static final ObjectMapper JSON = new ObjectMapper();

    private CommandParser() {
    }

    /**
     * @param payload       the request bytes
     * @param maxBytes      the size limit
     * @param givenSession  a session id that comes from the topic (AWS commands' execution id), or null
     * @throws CommandException INVALID_JSON, INVALID_REQUEST or PAYLOAD_TOO_LARGE, naming the field
     */
    static CommandRequest parse(final byte[] payload, final long maxBytes, final String givenSession) {
        if (payload.length > maxBytes) {
            throw new CommandException("PAYLOAD_TOO_LARGE", "the command has " + payload.length
                    + " bytes; at most " + maxBytes + " are accepted");
        }
        final JsonNode root = tree(payload);
        for (final Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            final String f = it.next();
            if (!FIELDS.contains(f)) {
                throw CommandException.invalid("unknown field '" + f + "'; known: " + String.join(", ", FIELDS));
            }
        }
        final String session = givenSession != null && !root.has("session-id") ? givenSession
                : text(root, "session-id", true);
        if (!SESSION_ID.matcher(session).matches()) {
            throw CommandException.invalid("session-id must be 1-64 of A-Z a-z 0-9 _ . : -");
        }
        final String opName = text(root, "op", true);
        final CommandRequest.Op op;
        try {
            op = CommandRequest.Op.valueOf(opName.toUpperCase(Locale.ROOT));
        } catch (final IllegalArgumentException e) {
            throw CommandException.invalid("op '" + opName + "' is not one of write, read, status, reload, schema");
        }
        final String responseTopic = root.has("res-topic") ? text(root, "res-topic", true) : null;
        final long timeout = timeout(root.get("timeout-ms"));
        final JsonNode points = root.get("points");
        switch (op) {
            case WRITE:
                return new CommandRequest(session, op, writes(points), List.of(), responseTopic, timeout);
            case READ:
                return new CommandRequest(session, op, Map.of(), reads(points), responseTopic, timeout);
            default:
                if (points != null) {
                    throw CommandException.invalid("op " + opName + " takes no points");
                }
                return new CommandRequest(session, op, Map.of(), List.of(), responseTopic, timeout);
        }
    }

    /** @return the session id of a payload that may be invalid, for addressing the error reply; null if none. */
    static String sessionIdOf(final byte[] payload) {
        try {
            final JsonNode s = JSON.readTree(payload).get("session-id");
            return s != null && s.isTextual() && SESSION_ID.matcher(s.asText()).matches() ? s.asText() : null;
        } catch (final IOException | RuntimeException e) {
            return null;
        }
    }

    private static JsonNode tree(final byte[] payload) {
        final JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (final IOException e) {
            final String msg = e.getMessage() == null ? "unreadable" : e.getMessage().split("\n")[0];
            throw new CommandException("INVALID_JSON", "the command is not valid JSON: " + msg);
        }
        if (root == null || !root.isObject()) {
            throw new CommandException("INVALID_JSON", "the command must be a JSON object");
        }
        return root;
    }

    private static String text(final JsonNode root, final String field, final boolean required) {
        final JsonNode n = root.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw CommandException.invalid("'" + field + "' is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw CommandException.invalid("'" + field + "' must be a string");
        }
        return n.asText();
    }

    private static long timeout(final JsonNode n) {
        if (n == null) {
            return 0;
        }
        if (!n.isIntegralNumber() || n.asLong() < 1 || n.asLong() > MAX_TIMEOUT_MS) {
            throw CommandException.invalid("'timeout-ms' must be a whole number of milliseconds, 1.." + MAX_TIMEOUT_MS);
        }
        return n.asLong();
    }

    private static Map<String, Object> writes(final JsonNode points) {
        if (points == null || !points.isObject() || points.isEmpty()) {
            throw CommandException.invalid("op write needs 'points': an object of point name to value");
        }
        if (points.size() > MAX_POINTS) {
            throw CommandException.invalid("at most " + MAX_POINTS + " points per command");
        }
        final Map<String, Object> out = new LinkedHashMap<>();
        points.fields().forEachRemaining(e -> {
            final Object v = JsonValues.toJava(e.getValue());
            if (v == null) {
                throw CommandException.invalid("points." + e.getKey() + " must be a number, true/false or text");
            }
            out.put(e.getKey(), v);
        });
        return out;
    }

    private static List<String> reads(final JsonNode points) {
        if (points == null) {
            return List.of();
        }
        if (!points.isArray() || points.size() > MAX_POINTS) {
            throw CommandException.invalid("op read takes 'points' as an array of at most " + MAX_POINTS + " names");
        }
        final List<String> out = new ArrayList<>();
        for (final JsonNode p : points) {
            if (!p.isTextual()) {
                throw CommandException.invalid("'points' must hold point names (strings)");
            }
            out.add(p.asText());
        }
        return out;
    }
}
