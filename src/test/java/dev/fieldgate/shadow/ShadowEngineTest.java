package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Device Shadow service's document rules, with cases from the AWS IoT developer guide. */
class ShadowEngineTest {

    private static final ShadowLimits LIMITS = ShadowLimits.AWS;

    @Test
    void should_compute_the_delta_of_the_developer_guides_color_example() {
        ShadowDocument d = apply(ShadowDocument.none(), "{\"state\":{\"reported\":{\"color\":\"green\"}}}", 100);
        d = apply(d, "{\"state\":{\"desired\":{\"color\":\"red\"}}}", 101);
        assertThat(d.delta()).hasToString("{\"color\":\"red\"}");
        assertThat(d.version()).isEqualTo(2);
        assertThat(d.desiredMetadata()).hasToString("{\"color\":{\"timestamp\":101}}");
        assertThat(d.reportedMetadata()).hasToString("{\"color\":{\"timestamp\":100}}");
        d = apply(d, "{\"state\":{\"reported\":{\"color\":\"red\"}}}", 102);
        assertThat(d.delta()).isEmpty();
    }

    @Test
    void should_give_the_path_to_the_root_when_nested_objects_differ() {
        ShadowDocument d = apply(ShadowDocument.none(),
                "{\"state\":{\"reported\":{\"lights\":{\"color\":{\"r\":255,\"g\":0,\"b\":255}}},"
                        + "\"desired\":{\"lights\":{\"color\":{\"r\":255,\"g\":255,\"b\":255}}}}}", 1);
        assertThat(d.delta()).hasToString("{\"lights\":{\"color\":{\"g\":255}}}");
    }

    @Test
    void should_replace_arrays_whole_and_copy_a_differing_desired_array_into_the_delta() {
        ShadowDocument d = apply(ShadowDocument.none(),
                "{\"state\":{\"desired\":{\"colors\":[\"RED\",\"GREEN\"]},\"reported\":{\"colors\":[\"RED\",\"BLUE\"]}}}", 1);
        d = apply(d, "{\"state\":{\"reported\":{\"colors\":[\"RED\"]}}}", 2);
        assertThat(d.reported()).hasToString("{\"colors\":[\"RED\"]}");
        assertThat(d.delta()).hasToString("{\"colors\":[\"RED\",\"GREEN\"]}");
        assertThat(d.reportedMetadata().get("colors")).hasSize(1);
    }

    @Test
    void should_delete_a_key_set_to_null_and_a_whole_section_set_to_null() {
        ShadowDocument d = apply(ShadowDocument.none(),
                "{\"state\":{\"desired\":{\"color\":\"red\",\"mode\":\"auto\"},\"reported\":{\"color\":\"red\"}}}", 1);
        d = apply(d, "{\"state\":{\"desired\":{\"color\":null}}}", 2);
        assertThat(d.desired()).hasToString("{\"mode\":\"auto\"}");
        assertThat(d.desiredMetadata()).hasToString("{\"mode\":{\"timestamp\":1}}");
        d = apply(d, "{\"state\":{\"reported\":{\"color\":\"blue\"},\"desired\":null}}", 3);
        assertThat(d.state()).hasToString("{\"reported\":{\"color\":\"blue\"}}");
        assertThat(d.metadata().has("desired")).isFalse();
    }

    @Test
    void should_leave_fields_only_in_reported_out_of_the_delta_and_compare_numbers_by_value() {
        final ShadowDocument d = apply(ShadowDocument.none(),
                "{\"state\":{\"desired\":{\"sp\":20},\"reported\":{\"sp\":20.0,\"temp\":19.5}}}", 1);
        assertThat(d.delta()).isEmpty();
    }

    @Test
    void should_refuse_an_update_for_another_version_with_409() {
        ShadowDocument d = apply(ShadowDocument.none(), "{\"state\":{\"desired\":{\"a\":1}}}", 1);
        d = apply(d, "{\"state\":{\"desired\":{\"a\":2}},\"version\":1}", 2);
        assertThat(d.version()).isEqualTo(2);
        final ShadowDocument at2 = d;
        assertThatThrownBy(() -> apply(at2, "{\"state\":{\"desired\":{\"a\":3}},\"version\":1}", 3))
                .isInstanceOfSatisfying(ShadowError.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Version conflict");
                });
    }

    @Test
    void should_refuse_malformed_requests_with_400_and_the_services_message() {
        assertRejected("{\"state\":", 400, "Invalid JSON");
        assertRejected("[]", 400, "Invalid JSON");
        assertRejected("{\"clientToken\":\"x\"}", 400, "Missing required node: state");
        assertRejected("{\"state\":[1]}", 400, "State node must be an object");
        assertRejected("{\"state\":{\"delta\":{}}}", 400, "State contains an invalid node: 'delta'");
        assertRejected("{\"state\":{\"desired\":5}}", 400, "desired node must be an object");
        assertRejected("{\"state\":{},\"version\":\"7\"}", 400, "Invalid version");
        assertRejected("{\"state\":{},\"version\":-1}", 400, "Invalid version");
        assertRejected("{\"state\":{},\"clientToken\":\"" + "t".repeat(65) + "\"}", 400, "Invalid clientToken");
        assertRejected("{\"state\":{},\"extra\":1}", 400, "unexpected field 'extra'");
        assertRejected("", 400, "Missing update payload");
        assertRejected("{\"state\":{\"desired\":{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":{\"g\":1}}}}}}}}}", 400,
                "too many levels of nesting; maximum is 6");
    }

    @Test
    void should_refuse_a_state_over_8_kb_with_413_and_keep_the_document() {
        final ShadowDocument d = apply(ShadowDocument.none(), "{\"state\":{\"reported\":{\"a\":1}}}", 1);
        final String big = "{\"state\":{\"reported\":{\"blob\":\"" + "x".repeat(8200) + "\"}}}";
        assertThatThrownBy(() -> apply(d, big, 2)).isInstanceOfSatisfying(ShadowError.class,
                e -> assertThat(e.code()).isEqualTo(413));
        assertThat(d.reported()).hasToString("{\"a\":1}");
    }

    @Test
    void should_answer_in_the_services_shapes() {
        final ShadowUpdate u = ShadowEngine.parseUpdate(bytes(
                "{\"state\":{\"desired\":{\"color\":\"red\"}},\"clientToken\":\"tok\"}"), LIMITS);
        final ShadowDocument before = apply(ShadowDocument.none(), "{\"state\":{\"reported\":{\"color\":\"green\"}}}", 5);
        final ShadowDocument after = ShadowEngine.apply(before, u, 6, LIMITS);
        final ObjectNode accepted = ShadowMessages.updateAccepted(u, after, 7);
        assertThat(accepted).hasToString("{\"state\":{\"desired\":{\"color\":\"red\"}},\"metadata\":{\"desired\":"
                + "{\"color\":{\"timestamp\":6}}},\"version\":2,\"timestamp\":7,\"clientToken\":\"tok\"}");
        assertThat(ShadowMessages.delta(after, "tok", 7)).hasToString("{\"version\":2,\"timestamp\":7,\"state\":"
                + "{\"color\":\"red\"},\"metadata\":{\"color\":{\"timestamp\":6}},\"clientToken\":\"tok\"}");
        assertThat(ShadowMessages.getAccepted(after, null, 8).get("state").get("delta")).hasToString("{\"color\":\"red\"}");
        assertThat(ShadowMessages.documents(before, after, "tok", 7).get("previous").get("version").asLong()).isEqualTo(1);
        assertThat(ShadowMessages.error(new ShadowError(409, "Version conflict"), "tok", 9))
                .hasToString("{\"code\":409,\"message\":\"Version conflict\",\"timestamp\":9,\"clientToken\":\"tok\"}");
    }

    private static void assertRejected(final String request, final int code, final String message) {
        assertThatThrownBy(() -> ShadowEngine.parseUpdate(bytes(request), LIMITS)).as(request)
                .isInstanceOfSatisfying(ShadowError.class, e -> {
                    assertThat(e.code()).isEqualTo(code);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private static ShadowDocument apply(final ShadowDocument d, final String request, final long now) {
        return ShadowEngine.apply(d, ShadowEngine.parseUpdate(bytes(request), LIMITS), now, LIMITS);
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
