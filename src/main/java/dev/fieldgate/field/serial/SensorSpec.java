package dev.fieldgate.field.serial;


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
 */
public record SensorSpec(String deviceId, Supplier<FrameParser> parser, List<SensorPoint> points, Duration interval) {

    /** Copies the points and checks the parts. */
    public SensorSpec {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(interval, "interval");
        points = List.copyOf(points);
        if (points.isEmpty()) {
            throw new IllegalArgumentException("a sensor needs at least one point");
        }
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
    }
}
