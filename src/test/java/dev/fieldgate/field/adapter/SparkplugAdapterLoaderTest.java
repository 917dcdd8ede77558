package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Adapter files of kind sparkplug: a remote edge node (or one of its devices) and the metrics read from it. */
class SparkplugAdapterLoaderTest {

    private final AdapterLoader loader = new AdapterLoader(ProfileCatalog.empty(), id -> { });

    @Test
    void should_load_a_remote_node_device_and_its_metric_points() {
        final AdapterDefinition def = loader.parse("press.yaml", "press", String.join("\n",
                "kind: sparkplug",
                "connection: {group: plant-a, edge-node: press-7, device: plc}",
                "device:",
                "  id: press-7",
                "  points:",
                "    - {name: temp, metric: Hydraulics/Oil Temperature, unit: °C}",
                "    - {name: p, metric: Hydraulics/Pressure, scale: 0.1, unit: bar}", ""));

        assertThat(def.kind()).isEqualTo(AdapterKind.SPARKPLUG);
        assertThat(def.connection()).isEqualTo(new SparkplugEdge("plant-a", "press-7", Optional.of("plc")));
        assertThat(def.connection().address()).isEqualTo("spBv1.0/plant-a/+/press-7/#");
        assertThat(def.deviceIds()).containsExactly("press-7");
        assertThat(def.sensor().orElseThrow().readings(Map.of("Hydraulics/Pressure", 518L), 5))
                .containsExactly(new Reading("p", 51.8, "bar", Quality.GOOD, 5, null));
    }

    @Test
    void should_refuse_ids_that_are_not_one_topic_level_and_unknown_keys() {
        assertThatThrownBy(() -> loader.parse("x.yaml", "x", String.join("\n",
                "kind: sparkplug",
                "connection: {group: plant/a, edge-node: n}",
                "device: {id: d, points: [{name: a, metric: m}]}", "")))
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> assertThat(e.key())
                        .isEqualTo("connection.group"));
        assertThatThrownBy(() -> loader.parse("x.yaml", "x", String.join("\n",
                "kind: sparkplug",
                "connection: {group: g, edge-node: n}",
                "device: {id: d, parser: {type: json}, points: [{name: a, metric: m}]}", "")))
                .isInstanceOfSatisfying(AdapterConfigException.class, e -> assertThat(e.key())
                        .isEqualTo("device.parser"));
    }
}
