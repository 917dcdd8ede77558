package dev.fieldgate.sparkplug;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A host application's STATE message of Sparkplug 3.0 (spec 4.1.3, 5.2): retained on {@code spBv1.0/STATE/<host id>},
 * UTF-8 JSON {@code {"online":true,"timestamp":1700000000000}}.
 *
 * @param online     whether the host is up
 * @param timestamp  epoch ms the host set; a STATE older than one already seen is stale and ignored
 */
public record HostState(boolean online, long timestamp) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param payload the message's bytes
     * @return the state
     * @throws SparkplugDecodeException when it is not the 3.0 JSON form
     */
    public static HostState decode(final byte[] payload) {
        final JsonNode n;
        try {
            n = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
        } catch (final IOException e) {
            throw new SparkplugDecodeException("STATE is not JSON", e);
        }
        if (n == null || !n.path("online").isBoolean() || !n.path("timestamp").canConvertToLong()
                || !n.path("timestamp").isIntegralNumber()) {
            throw new SparkplugDecodeException("STATE must be {\"online\":bool,\"timestamp\":epoch ms}");
        }
        return new HostState(n.get("online").booleanValue(), n.get("timestamp").longValue());
    }

    /** @return the 3.0 JSON form. */
    public byte[] encode() {
        return ("{\"online\":" + online + ",\"timestamp\":" + timestamp + "}").getBytes(StandardCharsets.UTF_8);
    }
}
