package dev.fieldgate.uplink;

import dev.fieldgate.telemetry.TelemetryTopics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TopicRulesTest {

    @Test
    void should_accept_the_default_telemetry_topic() {
        final TelemetryTopics topics = new TelemetryTopics("dt/fieldgate/{gateway}/{device}/telemetry", "gw-7");
        assertThat(topics.topicFor("meter-1")).isEqualTo("dt/fieldgate/gw-7/meter-1/telemetry");
    }

    @Test
    void should_enforce_the_aws_iot_limits() {
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("a/b/c/d/e/f/g/h/i"))
                .hasMessageContaining("8 levels separators, more than 7");
        assertThatCode(() -> TopicRules.checkPublishTopic("a/b/c/d/e/f/g/h")).doesNotThrowAnyException();
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("x".repeat(257))).hasMessageContaining("257 bytes");
        // 86 three-byte characters are 258 bytes though only 86 characters
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("€".repeat(86))).hasMessageContaining("258 bytes");
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("dt/+/x")).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("dt/#")).hasMessageContaining("wildcard");
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("$aws/things/x/shadow/update")).hasMessageContaining("reserved");
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("")).hasMessageContaining("empty");
    }

    @Test
    void should_not_count_the_basic_ingest_prefix() {
        assertThatCode(() -> TopicRules.checkPublishTopic("$aws/rules/telemetry_ingest/a/b/c/d/e/f/g/h"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> TopicRules.checkPublishTopic("$aws/rules/")).hasMessageContaining("rule name");
    }

    @Test
    void should_reject_bad_templates_at_configuration_time() {
        assertThatThrownBy(() -> new TelemetryTopics("dt/fieldgate/{gateway}/telemetry", "gw"))
                .hasMessageContaining("must contain {device}");
        assertThatThrownBy(() -> new TelemetryTopics("dt/{site}/{device}", "gw"))
                .hasMessageContaining("unknown placeholder {site}");
        assertThatThrownBy(() -> new TelemetryTopics("dt/a/b/c/d/e/f/{gateway}/{device}", "gw"))
                .hasMessageContaining("fieldgate.uplink.telemetry-topic");
        assertThatThrownBy(() -> new TelemetryTopics("dt/{gateway}/{device}", "gw/evil"))
                .hasMessageContaining("fieldgate.gateway-id");
    }

    @Test
    void should_reject_a_device_whose_topic_would_be_too_long() {
        final TelemetryTopics topics = new TelemetryTopics("dt/fieldgate/{gateway}/{device}/telemetry", "g".repeat(120));
        assertThatThrownBy(() -> topics.topicFor("d".repeat(128))).hasMessageContaining("bytes long");
    }
}
