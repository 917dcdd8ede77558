package dev.fieldgate.uplink;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * AWS IoT Core's rules for topics a client publishes to (see shared cloud-protocols digest §1.7, §1.8):
 * at most 256 bytes of UTF-8 and 7 slashes (the {@code $aws/rules/<rule>/} Basic Ingest prefix not
 * counted), no wildcards, no NUL, and no other {@code $}-reserved topic. Any MQTT broker accepts such topics.
 */
public final class TopicRules {

    /** Longest topic in UTF-8 bytes. */
    public static final int MAX_TOPIC_BYTES = 256;
    /** Most forward slashes in a topic. */
    public static final int MAX_SLASHES = 7;
    private static final String BASIC_INGEST = "$aws/rules/";

    private TopicRules() {
    }

    /**
     * @param topic a topic to publish to
     * @throws IllegalArgumentException naming the rule the topic breaks
     */
    public static void checkPublishTopic(final String topic) {
        Objects.requireNonNull(topic, "topic");
        String counted = topic;
        if (topic.startsWith(BASIC_INGEST)) {
            final int ruleEnd = topic.indexOf('/', BASIC_INGEST.length());
            if (ruleEnd < 0 || ruleEnd == BASIC_INGEST.length()) {
                throw new IllegalArgumentException("topic '" + topic + "' needs a rule name after $aws/rules/");
            }
            counted = topic.substring(ruleEnd + 1);
        } else if (topic.startsWith("$")) {
            throw new IllegalArgumentException("topic '" + topic + "' starts with $, which is reserved");
        }
        if (topic.isEmpty()) {
            throw new IllegalArgumentException("topic is empty");
        }
        if (topic.indexOf('+') >= 0 || topic.indexOf('#') >= 0 || topic.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("topic '" + topic + "' contains a wildcard (+ or #) or NUL");
        }
        final int bytes = counted.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_TOPIC_BYTES) {
            throw new IllegalArgumentException("topic '" + topic + "' is " + bytes + " bytes long, more than "
                    + MAX_TOPIC_BYTES);
        }
        final long slashes = counted.chars().filter(c -> c == '/').count();
        if (slashes > MAX_SLASHES) {
            throw new IllegalArgumentException("topic '" + topic + "' has " + slashes + " levels separators, more than "
                    + MAX_SLASHES);
        }
    }
}
