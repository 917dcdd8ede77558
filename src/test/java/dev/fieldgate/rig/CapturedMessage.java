package dev.fieldgate.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A message the test broker received.
 *
 * @param topic    its topic
 * @param payload  its bytes
 */
public record CapturedMessage(String topic, byte[] payload) {

    private static final ObjectMapper JSON = new ObjectMapper();

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
