package dev.fieldgate.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Fleet operations through AWS IoT Jobs ({@code fieldgate.jobs.*}): the gateway takes the jobs queued for its own
 * thing over the uplink session, one at a time, and reports each one's progress and result.
 */
@ConfigMapping(prefix = "fieldgate.jobs")
public interface JobsConfig {

    /** Take jobs from AWS IoT Jobs. Default false: a fleet opts in. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The step timeout the gateway asks for with every IN_PROGRESS update ({@code stepTimeoutInMinutes}), in whole
     * minutes, 1 to 10080 (the service's range). A step that takes longer is TIMED_OUT by the service and rolled back
     * here. Default 10 min.
     */
    @WithDefault("10m")
    Duration stepTimeout();

    /**
     * How long each new or changed device of an adapter rollout has to answer and have its readings stored, after
     * its file is applied. Default 60 s.
     */
    @WithDefault("60s")
    Duration healthWindow();

    /** How long one answer of the Jobs service may take before the request counts as lost. Default 30 s. */
    @WithDefault("30s")
    Duration requestTimeout();

    /** Largest adapter file a rollout may download, in bytes. Default 1M (the adapter loader's own limit). */
    @WithDefault("1M")
    MemorySize downloadMaxBytes();

    /** Largest sum of all files of one rollout, in bytes. Default 4M. */
    @WithDefault("4M")
    MemorySize rolloutMaxBytes();

    /** How long one download may take, connecting included. Default 60 s. */
    @WithDefault("60s")
    Duration downloadTimeout();

    /**
     * How long the broker has to accept the uplink's connection with a rotated certificate (CONNACK) before the
     * gateway goes back to the previous one and fails the job. Default 30 s.
     */
    @WithDefault("30s")
    Duration connackWindow();

    /**
     * How long the previous certificate and key stay after a successful rotation when the service does not confirm
     * the SUCCEEDED update; once it does, they go at once. Default 1 h.
     */
    @WithDefault("1h")
    Duration previousCertificateKeep();
}
