package dev.fieldgate.field.mqtt;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.adapter.AdapterConfigException;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.AdapterLoader;
import dev.fieldgate.field.adapter.ProfileCatalog;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** mqtt adapters: topic routing, payload decoding, silence. */
class PlantMqttReaderTest {

    private final List<DeviceReadings> received = new CopyOnWriteArrayList<>();
    private final PlantMqttRouter router = new PlantMqttRouter();

    @Test
    void should_route_by_topic_filter_and_decode_json_pointers() {
        reader("plant/+/boiler/#", "json", "    - {name: t, field: /a/0/temp, scale: 0.5}\n    - {name: ok, field: /ok}\n").start();
        assertThat(router.dispatch("plant/hall-1/boiler/status", bytes("{\"a\":[{\"temp\":41}],\"ok\":true}"))).isEqualTo(1);
        assertThat(router.dispatch("plant/hall-1/pump/status", bytes("{\"a\":[{\"temp\":1}]}"))).isZero();
        assertThat(router.dispatch("plant/hall-1/boiler", bytes("{\"ok\":false}"))).as("# matches the parent level").isEqualTo(1);
        router.dispatch("plant/hall-1/boiler/x", bytes("{broken"));
        assertThat(received).hasSize(2);
        assertThat(received.get(0).readings().get(0).value()).isEqualTo(20.5);
        assertThat(received.get(0).readings().get(1).value()).isEqualTo(true);
        assertThat(received.get(1).readings()).singleElement().satisfies(r -> assertThat(r.value()).isEqualTo(false));
    }

    @Test
    void should_decode_text_payloads_with_a_regex_and_report_silence_once() {
        final PlantMqttReader r = reader("lab/scale", "regex, pattern: 'W=(?<w>[0-9.]+)kg'", "    - {name: weight, field: w}\n");
        r.start();
        router.dispatch("lab/scale", bytes("W=12.5kg"));
        assertThat(received.get(0).readings().get(0).value()).isEqualTo(12.5);
        r.checkSilence(System.currentTimeMillis() + 61_000);
        r.checkSilence(System.currentTimeMillis() + 62_000);
        assertThat(received).hasSize(2);
        assertThat(received.get(1).readings().get(0).quality()).isEqualTo(Quality.BAD_TIMEOUT);
        assertThat(r.status("scale-1").reachable()).isFalse();
        r.stop();
        assertThat(router.size()).isZero();
    }

    @Test
    void should_refuse_bad_topic_filters_and_pointers_naming_line_and_key() {
        assertThatThrownBy(() -> reader("plant/#/x", "json", "    - {name: t, field: /t}\n"))
                .isInstanceOf(AdapterConfigException.class).hasMessageContaining("# only at the end");
        assertThatThrownBy(() -> reader("plant/x", "json", "    - {name: t, field: temp}\n"))
                .isInstanceOf(AdapterConfigException.class).hasMessageContaining("not a JSON pointer");
    }

    private PlantMqttReader reader(final String topic, final String parser, final String points) {
        final AdapterDefinition def = new AdapterLoader(ProfileCatalog.empty(), id -> { }).parse("t.yaml", "t",
                "kind: mqtt\nconnection: {topic: '" + topic + "'}\ndevice:\n  id: scale-1\n  parser: {type: " + parser
                        + "}\n  points:\n" + points);
        return new PlantMqttReader(def, received::add, PollMetrics.NONE, router);
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
