package dev.fieldgate.telemetry;

import dev.fieldgate.field.Device;
import dev.fieldgate.uplink.TopicRules;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds per-device telemetry topics from the configured template, e.g.
 * {@code dt/fieldgate/{gateway}/{device}/telemetry}, and checks each against the AWS IoT topic rules when
 * configuration loads, so that no publish can be refused (and the shared session closed) for its topic.
 */
public final class TelemetryTopics {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");

    /** The configuration key of the telemetry topic template. */
    public static final String TELEMETRY_KEY = "fieldgate.uplink.telemetry-topic";

    private final String key;
    private final String template;
    private final String gatewayId;
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /**
     * The telemetry topics.
     *
     * @param template   the template; must contain {@code {device}}, may contain {@code {gateway}}
     * @param gatewayId  the gateway's id
     * @throws IllegalArgumentException when the template or gateway id is unusable
     */
    public TelemetryTopics(final String template, final String gatewayId) {
        this(TELEMETRY_KEY, template, gatewayId);
    }

    /**
     * @param key        the configuration key the template comes from, named in errors
     * @param template   the template; must contain {@code {device}}, may contain {@code {gateway}}
     * @param gatewayId  the gateway's id
     * @throws IllegalArgumentException when the template or gateway id is unusable
     */
    public TelemetryTopics(final String key, final String template, final String gatewayId) {
        this.key = Objects.requireNonNull(key, "key");
        this.template = Objects.requireNonNull(template, "template");
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        if (!Device.ID_PATTERN.matcher(gatewayId).matches()) {
            throw new IllegalArgumentException("fieldgate.gateway-id '" + gatewayId
                    + "' must be 1-128 of A-Z a-z 0-9 _ : - (an AWS IoT thing name)");
        }
        final Matcher m = PLACEHOLDER.matcher(template);
        while (m.find()) {
            if (!"device".equals(m.group(1)) && !"gateway".equals(m.group(1))) {
                throw new IllegalArgumentException(key + ": unknown placeholder {"
                        + m.group(1) + "}; use {gateway} and {device}");
            }
        }
        if (!template.contains("{device}")) {
            throw new IllegalArgumentException(key + " must contain {device}: "
                    + "each device publishes on its own topic");
        }
        try {
            TopicRules.checkPublishTopic(render("x"));
        } catch (final IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param deviceId a device id
     * @return its telemetry topic
     * @throws IllegalArgumentException when the topic breaks the AWS IoT rules (too long, too deep)
     */
    public String topicFor(final String deviceId) {
        return cache.computeIfAbsent(deviceId, d -> {
            final String topic = render(d);
            TopicRules.checkPublishTopic(topic);
            return topic;
        });
    }

    private String render(final String deviceId) {
        return template.replace("{gateway}", gatewayId).replace("{device}", deviceId);
    }
}
