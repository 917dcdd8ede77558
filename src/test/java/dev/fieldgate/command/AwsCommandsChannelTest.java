package dev.fieldgate.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The AWS IoT commands feature's topics and reply shape. */
class AwsCommandsChannelTest {

    private final AwsCommandsChannel channel = new AwsCommandsChannel(
            thing -> thing.startsWith("gw-") ? Optional.of(thing.substring(3)) : Optional.empty());

    @Test
    void should_take_the_execution_id_from_the_topic_and_answer_on_the_response_topic() {
        final CommandChannel.Address a = channel.address("$aws/commands/things/gw-pump-1/executions/e-77/request/json")
                .orElseThrow();
        assertThat(a.device()).isEqualTo("pump-1");
        assertThat(a.sessionId()).isEqualTo("e-77");
        assertThat(a.replyTopic()).isEqualTo("$aws/commands/things/gw-pump-1/executions/e-77/response/json");
        assertThat(a.replyOverride()).isFalse();
        assertThat(channel.filter()).isEqualTo("$aws/commands/things/+/executions/+/request/json");
    }

    @Test
    void should_ignore_other_things_and_other_topics() {
        assertThat(channel.address("$aws/commands/things/other/executions/e-1/request/json")).isEmpty();
        assertThat(channel.address("$aws/commands/things/gw-pump-1/executions/e-1/request/cbor")).isEmpty();
        assertThat(channel.address("$aws/commands/things/gw-pump-1/executions/bad id/request/json")).isEmpty();
    }

    @Test
    void should_reply_in_the_features_shape() throws Exception {
        final byte[] failed = channel.reply("pump-1", "e-77", null,
                CommandOutcome.failed(null, "OUT_OF_RANGE", "point sp of device pump-1: 120 is outside 0 .. 100"));
        final JsonNode f = new ObjectMapper().readTree(failed);
        assertThat(f.path("status").asText()).isEqualTo("FAILED");
        assertThat(f.path("statusReason").path("reasonCode").asText()).isEqualTo("OUT_OF_RANGE");
        assertThat(f.path("statusReason").path("reasonDescription").asText()).contains("outside 0 .. 100");

        final byte[] ok = channel.reply("pump-1", "e-78", null,
                CommandOutcome.succeeded(JsonNodeFactory.instance.objectNode().put("reachable", true)));
        final JsonNode s = new ObjectMapper().readTree(ok);
        assertThat(s.path("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(s.path("result").path("fieldgate").path("s").asText()).isEqualTo("{\"reachable\":true}");
    }
}
