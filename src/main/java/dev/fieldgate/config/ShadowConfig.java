package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The local shadow cache and its sync with the cloud ({@code fieldgate.shadow.*}). */
@ConfigMapping(prefix = "fieldgate.shadow")
public interface ShadowConfig {

    /** Keep shadows for the downstream devices. Default true. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Cloud thing name of a downstream device; {gateway} and {device} are replaced. Default
     * {gateway}-{device}, the naming the gateway's IoT policy can grant with one wildcard.
     */
    @WithDefault("{gateway}-{device}")
    String thingName();

    /** The named shadow that holds each device's point values (reported) and set points (desired). Default points. */
    @WithDefault("points")
    String pointsShadow();

    /** Changed point values are gathered for this long and reported in one shadow update. Default 5 s. */
    @WithDefault("5s")
    Duration reportInterval();

    /** Synchronise with the cloud's shadows over the upstream session. Default true. */
    @WithDefault("true")
    boolean cloudSync();

    /**
     * Shadow requests awaiting the cloud's answer at most, over all devices; AWS IoT allows about 10 per
     * thing, and each shadow has only one at a time. Default 10.
     */
    @WithDefault("10")
    int maxInFlight();

    /** A shadow request unanswered for this long is given up and the shadow synced again. Default 30 s. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Largest desired + reported state; the AWS IoT limit is 8 KB. Default 8K. */
    @WithDefault("8K")
    MemorySize maxStateSize();

    /**
     * Let local clients update and delete shadows over the HTTP API ({@code /api/shadows}); reading is always
     * allowed. Off by default until the web page's sign-in guards it: a desired change can write to devices.
     */
    @WithDefault("false")
    boolean localWrites();

    /** Deepest nesting inside desired or reported; 6 as AWS IoT Greengrass mirrors the cloud. Default 6. */
    @WithDefault("6")
    int maxDepth();
}
