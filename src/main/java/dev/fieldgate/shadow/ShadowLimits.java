package dev.fieldgate.shadow;

/**
 * The cloud's shadow limits, enforced locally so that nothing accepted here is refused by the cloud later.
 *
 * @param maxStateBytes    desired + reported state as JSON (metadata does not count); 8 KB in AWS IoT
 * @param maxDepth         nesting levels inside desired or reported
 * @param maxRequestBytes  size of an update request before parsing
 */
public record ShadowLimits(int maxStateBytes, int maxDepth, int maxRequestBytes) {

    /** The AWS IoT Device Shadow service's limits (depth as Greengrass Shadow Manager mirrors it). */
    public static final ShadowLimits AWS = new ShadowLimits(8 * 1024, 6, 64 * 1024);
}
