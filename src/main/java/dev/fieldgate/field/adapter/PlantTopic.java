package dev.fieldgate.field.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * The connection of an {@code mqtt} adapter: a topic filter on the plant's local broker, which the gateway
 * reaches through the plant MQTT settings ({@code fieldgate.plant-mqtt.*}).
 *
 * @param topic    topic filter the device publishes on; may hold {@code +} and {@code #}
 * @param timeout  silence after which the device counts as mute
 */
public record PlantTopic(String topic, Duration timeout) implements FieldConnection {

    /** Checks the filter's syntax as MQTT defines it. */
    public PlantTopic {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
        final String[] levels = topic.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            final String l = levels[i];
            if ((l.contains("+") && !l.equals("+")) || (l.contains("#") && (!l.equals("#") || i != levels.length - 1))) {
                throw new IllegalArgumentException("'" + topic + "' is not a topic filter: + and # stand for whole "
                        + "levels, # only at the end");
            }
        }
        if (topic.isEmpty() || topic.length() > 1024 || topic.contains("\u0000")) {
            throw new IllegalArgumentException("topic must be 1-1024 characters without NUL");
        }
    }

    @Override
    public String address() {
        return topic;
    }

    @Override
    public Duration reconnectMax() {
        return Duration.ofSeconds(60);
    }
}
