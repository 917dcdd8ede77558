package dev.fieldgate.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The plant's local MQTT broker ({@code fieldgate.plant-mqtt.*}), reached through Quarkus MQTT messaging
 * (channels {@code plant-in} and {@code plant-out}; their {@code mp.messaging.*} settings take TLS and
 * credentials).
 */
@ConfigMapping(prefix = "fieldgate.plant-mqtt")
public interface PlantMqttConfig {

    /** Connect to the plant broker: read {@code mqtt} adapters. Default false. */
    @WithDefault("false")
    boolean enabled();

    /** Broker host. Default localhost. */
    @WithDefault("localhost")
    String host();

    /** Broker port. Default 1883. */
    @WithDefault("1883")
    int port();

    /** The filter subscribed on the plant broker; narrow it to where the devices publish. Default #. */
    @WithDefault("#")
    String subscribe();

    /** Publish every reading to the plant broker for local consumers. Default false. */
    @WithDefault("false")
    boolean mirror();

    /** Mirror topic; {gateway}, {device} and {point} are replaced. Default fieldgate/{gateway}/{device}/{point}. */
    @WithDefault("fieldgate/{gateway}/{device}/{point}")
    String mirrorTopic();
}
