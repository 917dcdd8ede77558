package dev.fieldgate.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A telemetry message the test broker received; a batch publish is unpacked into its messages.
 *
 * @param topic    its topic
 * @param payload  its bytes
 * @param backlog  true when it came in a batch marked as backlog (stored before the connection came up)
 */
public record CapturedMessage(String topic, byte[] payload, boolean backlog) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A message that was published on its own. */
    public CapturedMessage(final String topic, final byte[] payload) {
        this(topic, payload, false);
    }

    /**
     * @return the messages one publish carried: the batch's messages for {@code {"batch":[...]}}, else the
     *         publish itself
     */
    public static java.util.List<CapturedMessage> unpack(final String topic, final byte[] payload) {
        final JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (final IOException e) {
            return java.util.List.of(new CapturedMessage(topic, payload));
        }
        if (root == null || !root.path("batch").isArray()) {
            return java.util.List.of(new CapturedMessage(topic, payload));
        }
        final boolean backlog = root.path("backlog").asBoolean(false);
        final java.util.List<CapturedMessage> out = new java.util.ArrayList<>();
        for (final JsonNode m : root.path("batch")) {
            try {
                out.add(new CapturedMessage(topic, JSON.writeValueAsBytes(m), backlog));
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    /** @return the payload parsed as JSON. */
    public JsonNode json() {
        try {
            return JSON.readTree(payload);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** @return the payload's messageId. */
    public String messageId() {
        return json().path("messageId").asText();
    }

    /** @return the outbox sequence number inside the message id ({@code <epoch>-<seq>}). */
    public long sequence() {
        final String id = messageId();
        return Long.parseLong(id.substring(id.indexOf('-') + 1));
    }

    /** @return the device the message is about. */
    public String device() {
        return json().path("device").asText();
    }
}
