package dev.fieldgate.shadow;

import java.util.regex.Pattern;

/**
 * Which shadow: a downstream device and a named shadow of it.
 *
 * @param device  the device id
 * @param name    the shadow name
 */
public record ShadowKey(String device, String name) {

    /** Shadow names as the shadow service accepts them. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9:_-]{1,64}");

    @Override
    public String toString() {
        return device + "/" + name;
    }
}
