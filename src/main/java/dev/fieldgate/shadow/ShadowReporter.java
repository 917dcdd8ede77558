package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.PointOptions;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.field.Reporting;
import dev.fieldgate.util.JsonValues;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reports polled values into each device's points shadow ({@code state.reported.points}): only points
 * configured for the shadow, only changes larger than their deadband, gathered and written once per report
 * interval so that a fast poll does not become a stream of shadow updates. Never blocks the pollers.
 */
public final class ShadowReporter implements ReadingSink {

    private static final Logger LOG = Logger.getLogger(ShadowReporter.class);
    /** Key of the point values inside reported and desired. */
    public static final String POINTS = "points";

    private final ShadowService shadows;
    private final DeviceDirectory devices;
    private final String shadowName;
    private final Map<String, Map<String, Object>> lastReported = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Object>> pending = new ConcurrentHashMap<>();

    /**
     * @param shadows     the local cache
     * @param devices     points and their options
     * @param shadowName  the points shadow's name
     */
    public ShadowReporter(final ShadowService shadows, final DeviceDirectory devices, final String shadowName) {
        this.shadows = Objects.requireNonNull(shadows, "shadows");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.shadowName = Objects.requireNonNull(shadowName, "shadowName");
    }

    @Override
    public void accept(final DeviceReadings batch) {
        final Map<String, Object> last = lastReported.computeIfAbsent(batch.deviceId(), this::loadReported);
        for (final Reading r : batch.readings()) {
            if (!r.quality().isGood()) {
                continue;
            }
            final PointOptions o = devices.options(batch.deviceId(), r.point()).orElse(null);
            if (o == null || !o.shadow() || !Reporting.changed(last.get(r.point()), r.value(), o.deadband())) {
                continue;
            }
            pending.computeIfAbsent(batch.deviceId(), d -> new ConcurrentHashMap<>()).put(r.point(), r.value());
        }
    }

    /** Writes what changed since the last flush, one shadow update per device. */
    public void flush() {
        for (final String device : pending.keySet()) {
            final Map<String, Object> changes = pending.remove(device);
            if (changes == null || changes.isEmpty() || !devices.exists(device)) {
                continue;
            }
            final ObjectNode points = JsonNodeFactory.instance.objectNode();
            changes.forEach((p, v) -> points.set(p, JsonValues.toJson(v)));
            final ObjectNode state = JsonNodeFactory.instance.objectNode();
            state.putObject("reported").set(POINTS, points);
            try {
                shadows.update(new ShadowKey(device, shadowName), new ShadowUpdate(state, null, null),
                        ShadowChange.Origin.GATEWAY);
                lastReported.computeIfAbsent(device, d -> new ConcurrentHashMap<>()).putAll(changes);
            } catch (final ShadowError e) {
                LOG.errorf("Shadow %s/%s not updated: %d %s", device, shadowName, e.code(), e.getMessage());
            }
        }
    }

    private Map<String, Object> loadReported(final String device) {
        final Map<String, Object> out = new ConcurrentHashMap<>();
        try {
            final JsonNode points = shadows.get(new ShadowKey(device, shadowName)).reported().get(POINTS);
            if (points != null && points.isObject()) {
                points.fields().forEachRemaining(e -> {
                    final Object v = JsonValues.toJava(e.getValue());
                    if (v != null) {
                        out.put(e.getKey(), v);
                    }
                });
            }
        } catch (final ShadowError e) {
            // no shadow yet: everything is news
        }
        return out;
    }
}
