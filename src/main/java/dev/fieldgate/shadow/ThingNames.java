package dev.fieldgate.shadow;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Maps downstream device ids to their cloud thing names and back, from a template such as
 * {@code {gateway}-{device}}.
 */
public final class ThingNames {

    private final String prefix;
    private final String suffix;
    private final Predicate<String> knownDevice;

    /**
     * @param template     holds {device} once, may hold {gateway}
     * @param gatewayId    replaces {gateway}
     * @param knownDevice  true for this gateway's device ids
     * @throws IllegalArgumentException when the template lacks {device} or holds it twice
     */
    public ThingNames(final String template, final String gatewayId, final Predicate<String> knownDevice) {
        final String t = template.replace("{gateway}", gatewayId);
        final int at = t.indexOf("{device}");
        if (at < 0 || t.indexOf("{device}", at + 1) >= 0) {
            throw new IllegalArgumentException("thing-name template '" + template + "' must hold {device} once");
        }
        this.prefix = t.substring(0, at);
        this.suffix = t.substring(at + "{device}".length());
        if (!(prefix + "x" + suffix).matches("[A-Za-z0-9:_-]+")) {
            throw new IllegalArgumentException("thing-name template '" + template
                    + "' makes names with characters AWS IoT does not allow (A-Z a-z 0-9 : _ -)");
        }
        this.knownDevice = Objects.requireNonNull(knownDevice, "knownDevice");
    }

    /** @return the thing name of a device. */
    public String thingOf(final String deviceId) {
        return prefix + deviceId + suffix;
    }

    /** @return the device a thing name stands for, if it is one of this gateway's. */
    public Optional<String> deviceOf(final String thing) {
        if (thing.length() <= prefix.length() + suffix.length() || !thing.startsWith(prefix) || !thing.endsWith(suffix)) {
            return Optional.empty();
        }
        final String device = thing.substring(prefix.length(), thing.length() - suffix.length());
        return knownDevice.test(device) ? Optional.of(device) : Optional.empty();
    }
}
