package dev.fieldgate.field.adapter;

import dev.fieldgate.field.Point;

import java.util.List;
import java.util.Objects;

/**
 * A reusable register map of one device model, from {@code adapters/profiles/}.
 *
 * @param name          the profile's name, referenced by devices as {@code profile: <name>}
 * @param manufacturer  who makes the device
 * @param model         the model the map is for
 * @param source        the vendor document the map was written from
 * @param points        the points, with {@code explicitInterval} telling whether a device's interval may override
 */
public record DeviceProfile(String name, String manufacturer, String model, String source, List<ProfilePoint> points) {

    /** Copies the points. */
    public DeviceProfile {
        Objects.requireNonNull(name, "name");
        points = List.copyOf(points);
    }

    /**
     * A profile point and whether the profile itself fixed its interval.
     *
     * @param point             the point with the profile's defaults applied
     * @param explicitInterval  true when the point's entry sets {@code interval}
     */
    public record ProfilePoint(Point point, boolean explicitInterval) {
    }
}
