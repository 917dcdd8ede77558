package dev.fieldgate.config;

import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * SigV4 signing of the MQTT-over-WebSocket connection to AWS IoT Core ({@code fieldgate.uplink.sigv4.*} once the
 * uplink mapping includes this group). Only read when the uplink's transport is the SigV4 WebSocket one.
 */
public interface SigV4Config {

    /** Where the AWS credentials come from. */
    enum CredentialsSource {
        /** {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}, else the profile, as the AWS CLI looks. */
        DEFAULT,
        /** {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and optional {@code AWS_SESSION_TOKEN} only. */
        ENVIRONMENT,
        /** The profile's keys, or its {@code credential_process}, from the credentials and config files. */
        PROFILE,
        /** The command in {@link #credentialProcess()}, or the profile's {@code credential_process}. */
        PROCESS
    }

    /**
     * Signing region, e.g. {@code eu-central-1}. Empty: taken from the endpoint host
     * {@code <prefix>.iot.<region>.amazonaws.com}; a host that does not have that form must set it.
     */
    Optional<String> region();

    /** Where the credentials come from: default, environment, profile or process. Default {@code default}. */
    @WithDefault("default")
    CredentialsSource credentials();

    /** Profile name in the credentials and config files. Default {@code default}. */
    @WithDefault("default")
    String profile();

    /**
     * The shared credentials file. Empty: {@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}.
     * The config file ({@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}) is read too, as the AWS CLI does.
     */
    Optional<Path> credentialsFile();

    /**
     * Command printing credentials in the AWS CLI's {@code credential_process} JSON (Version 1). Split into words
     * like the AWS CLI does (quotes group, no shell). Empty: the profile's {@code credential_process}.
     */
    Optional<String> credentialProcess();

    /** The credential process must finish within this long. Default 30 s. */
    @WithDefault("30s")
    Duration processTimeout();

    /** Temporary credentials are renewed this long before they expire. Default 5 min. */
    @WithDefault("5m")
    Duration refreshAhead();

    /**
     * Validity of a presigned URL ({@code X-Amz-Expires}), 1 s to 7 days (the SigV4 presigning limit). It only
     * bounds the WebSocket handshake: an open connection outlives it. Default 5 min.
     */
    @WithDefault("5m")
    Duration urlExpiry();
}
