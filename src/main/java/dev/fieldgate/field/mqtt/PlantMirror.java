package dev.fieldgate.field.mqtt;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;

import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Mirrors every reading to the plant's broker for local consumers, one topic per point
 * (unified-namespace style, e.g. {@code fieldgate/line3-gw/meter-main/voltage-l1}), payload
 * {@code {"value":…,"unit":…,"quality":…,"ts":…}}. Best effort and live only: the durable copy goes upstream.
 */
public final class PlantMirror implements ReadingSink {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String template;
    private final BiConsumer<String, byte[]> publish;

    /**
     * @param template   topic with {gateway} already replaced, and {device} and {point}
     * @param publish    sends one message; must not block
     * @throws IllegalArgumentException when the template lacks {device} or {point}, or holds wildcards
     */
    public PlantMirror(final String template, final BiConsumer<String, byte[]> publish) {
        if (!template.contains("{device}") || !template.contains("{point}") || template.contains("+")
                || template.contains("#")) {
            throw new IllegalArgumentException("mirror topic '" + template + "' must hold {device} and {point} and no "
                    + "wildcards");
        }
        this.template = template;
        this.publish = Objects.requireNonNull(publish, "publish");
    }

    @Override
    public void accept(final DeviceReadings batch) {
        for (final Reading r : batch.readings()) {
            final ObjectNode o = JSON.createObjectNode();
            if (r.value() != null) {
                o.set("value", JSON.valueToTree(r.value()));
            }
            if (!r.unit().isEmpty()) {
                o.put("unit", r.unit());
            }
            o.put("quality", r.quality().wireName());
            o.put("ts", r.timestamp());
            publish.accept(template.replace("{device}", batch.deviceId()).replace("{point}", r.point()),
                    o.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
    }
}
