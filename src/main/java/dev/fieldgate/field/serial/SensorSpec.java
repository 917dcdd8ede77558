package dev.fieldgate.field.serial;

import dev.fieldgate.field.Reading;
import dev.fieldgate.field.Reporting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Map;


import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A serial sensor that sends by itself: how its stream is parsed and which fields become points.
 *
 * @param deviceId  the device id
 * @param parser    makes a fresh parser (one per opened port)
 * @param points    the published points
 * @param interval  readings collected over this period go out as one message
 * @param report    how the points' readings go upstream
 */
public record SensorSpec(String deviceId, Supplier<FrameParser> parser, List<SensorPoint> points, Duration interval,
                         Reporting report) {

    /** Copies the points and checks the parts. */
    public SensorSpec {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(report, "report");
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sensor needs at least one point");
        }
    }

    /**
     * Turns one parsed message into readings: each point whose field the message holds, scaled.
     *
     * @param fields     the message's fields
     * @param timestamp  source time, epoch ms
     * @return the readings, empty when the message held none of the points' fields
     */
    public List<Reading> readings(final Map<String, Object> fields, final long timestamp) {
        final List<Reading> out = new ArrayList<>();
        for (final SensorPoint p : points) {
            final Object v = fields.get(p.field());
            if (v != null) {
                out.add(Reading.good(p.name(), p.scaled(v), p.unit(), timestamp));
            }
        }
        return out;
    }

    /**
     * A published value of a sensor.
     *
     * @param name    point name
     * @param field   the parser's field it comes from
     * @param scale   engineering value = field × scale + offset (numbers only)
     * @param offset  see {@code scale}
     * @param unit    engineering unit, may be empty
     */
    public record SensorPoint(String name, String field, double scale, double offset, String unit) {
        /** Checks the parts. */
        public SensorPoint {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(unit, "unit");
        }

        /** @return a number scaled in decimal (518 × 0.1 is 51.8); anything else as it is. */
        public Object scaled(final Object v) {
            if (!(v instanceof Number) || (scale == 1.0 && offset == 0.0)) {
                return v;
            }
            return new BigDecimal(v.toString()).multiply(BigDecimal.valueOf(scale)).add(BigDecimal.valueOf(offset))
                    .doubleValue();
        }
    }
}
