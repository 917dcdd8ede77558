package dev.fieldgate.uplink.sigv4;

import dev.fieldgate.config.SigV4Config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Presigns the WebSocket handshake of MQTT over WebSocket to AWS IoT Core: {@code GET /mqtt} signed with SigV4 for
 * the service {@code iotdevicegateway}, only the {@code host} header signed, the empty payload's SHA-256 as payload
 * hash, all in the query string. Credentials come from the environment, the AWS CLI's shared files or a credential
 * process, and temporary ones are renewed {@code refresh-ahead} before they expire.
 *
 * <p>With temporary credentials the session token is appended as {@code X-Amz-Security-Token} AFTER signing and is
 * not part of the canonical query: AWS IoT requires it so ("do not include X-Amz-Security-Token in the canonical
 * query string when calculating the signature. Instead, append it ... after the signature has been computed",
 * AWS IoT Developer Guide, "IAM users, groups, and roles"), and AWS IoT's own SDKs sign that way
 * ({@code setOmitSessionToken(true)} with service {@code iotdevicegateway} in aws-iot-device-sdk-java-v2's
 * {@code AwsIotMqttConnectionBuilder} and {@code AwsIotMqtt5ClientBuilder}; behind them aws-c-auth's
 * {@code omit_session_token}, which in {@code source/aws_signing.c} adds the token "to the final signing result, but
 * ... treated as unsigned"). The AWS SDK for Java v2's signer would put it into the canonical query, so it is given
 * the key pair alone and the token is added here.
 *
 * <p>{@code X-Amz-Expires} is sent ({@code url-expiry}); AWS IoT's SDKs send none (aws-c-auth adds it only for an
 * expiration above 0, which they leave unset), while AWS's browser sample for MQTT over WebSocket, packaged as
 * {@code aws-device-gateway-signed-url}, sends one (86400 by default). It only bounds the handshake.
 *
 * <p>Nothing is loaded until the first {@link #presign} call reads credentials, so a gateway not using this
 * transport pays only for loading the class. Thread-safe.
 */
public final class SigV4Presigner {

    /** The SigV4 service name of AWS IoT's device gateway (MQTT over WebSocket). */
    public static final String SERVICE = "iotdevicegateway";
    /** The WebSocket path of AWS IoT Core's MQTT endpoint. */
    public static final String PATH = "/mqtt";

    private static final String TOKEN_PARAMETER = "X-Amz-Security-Token";

    private final Optional<String> region;
    private final Duration urlExpiry;
    private final RefreshingCredentials credentials;

    private SigV4Presigner(final Optional<String> region, final Duration urlExpiry,
                           final RefreshingCredentials credentials) {
        this.region = region;
        this.urlExpiry = urlExpiry;
        this.credentials = credentials;
    }

    /**
     * @param config the {@code sigv4} group of the uplink's configuration
     * @return a presigner reading the process environment and the user's home directory
     * @throws NullPointerException if config is null
     * @throws IllegalArgumentException naming the key when a value is out of range
     */
    public static SigV4Presigner from(final SigV4Config config) {
        Objects.requireNonNull(config, "config");
        return from(config, System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** {@link #from(SigV4Config)} with a given environment and home directory, for tests. */
    static SigV4Presigner from(final SigV4Config config, final Map<String, String> env, final Path home) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(home, "home");
        validate(config);
        final Path credentialsFile = CredentialFiles.credentialsFile(config.credentialsFile(), env, home);
        final Path configFile = CredentialFiles.configFile(env, home);
        final EnvironmentCredentials environment = new EnvironmentCredentials(env);
        final List<CredentialsProvider> sources = switch (config.credentials()) {
            case DEFAULT -> List.of(environment, new ProfileCredentials(config.profile(), credentialsFile,
                    configFile, config.processTimeout(), false));
            case ENVIRONMENT -> List.of(environment);
            case PROFILE -> List.of(new ProfileCredentials(config.profile(), credentialsFile, configFile,
                    config.processTimeout(), false));
            case PROCESS -> List.of(config.credentialProcess()
                    .<CredentialsProvider>map(command -> new ConfiguredProcess(command, config.processTimeout()))
                    .orElseGet(() -> new ProfileCredentials(config.profile(), credentialsFile, configFile,
                            config.processTimeout(), true)));
        };
        return new SigV4Presigner(config.region().filter(r -> !r.isBlank()), config.urlExpiry(),
                new RefreshingCredentials(sources, config.refreshAhead()));
    }

    /**
     * Signs a handshake for {@code host} at {@code now}; may run the credential process (blocking up to its
     * timeout) when the credentials need renewing, so call it off the event loop.
     *
     * @param host the AWS IoT Core data endpoint, e.g. {@code a1b2c3-ats.iot.eu-central-1.amazonaws.com}
     * @param now the signing time (X-Amz-Date); the clock must be within 5 min of AWS's
     * @return the path and query to request, and when the credentials used expire
     * @throws NullPointerException if host or now is null
     * @throws SigV4Exception when no credentials can be had, or no region is configured and the host does not
     *                        name one
     */
    public PresignedWebSocket presign(final String host, final Instant now) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(now, "now");
        // the host's own region first: a backup endpoint in another region is signed for that region
        final String signingRegion = IotRegion.fromHost(host).or(() -> region).orElseThrow(() -> new SigV4Exception(
                "no signing region: fieldgate.uplink.sigv4.region is not set and the endpoint " + host
                        + " is not of the form <prefix>.iot.<region>.amazonaws.com", false));
        final AwsCredentials creds = credentials.get(now);
        final String signed = AwsV4QuerySigner.presign(host, PATH, Map.of(), signingRegion, SERVICE, creds, now,
                urlExpiry);
        final String pathAndQuery = creds.sessionToken()
                .map(token -> signed + '&' + TOKEN_PARAMETER + '=' + AwsV4QuerySigner.encode(token))
                .orElse(signed);
        return new PresignedWebSocket(pathAndQuery, now.plus(urlExpiry), creds.expiration());
    }

    private static void validate(final SigV4Config config) {
        if (config.urlExpiry().compareTo(Duration.ofSeconds(1)) < 0
                || config.urlExpiry().compareTo(AwsV4QuerySigner.MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("fieldgate.uplink.sigv4.url-expiry must be from 1 s to 7 days "
                    + "(the SigV4 presigning limit), not " + config.urlExpiry());
        }
        if (config.refreshAhead().isNegative()) {
            throw new IllegalArgumentException("fieldgate.uplink.sigv4.refresh-ahead must not be negative, not "
                    + config.refreshAhead());
        }
        if (config.processTimeout().isNegative() || config.processTimeout().isZero()) {
            throw new IllegalArgumentException("fieldgate.uplink.sigv4.process-timeout must be positive, not "
                    + config.processTimeout());
        }
        if (config.profile().isBlank()) {
            throw new IllegalArgumentException("fieldgate.uplink.sigv4.profile must not be blank");
        }
    }

    /** The command of {@code fieldgate.uplink.sigv4.credential-process}. */
    private static final class ConfiguredProcess implements CredentialsProvider {
        private final ProcessCredentials process;

        ConfiguredProcess(final String command, final Duration timeout) {
            this.process = new ProcessCredentials(command, timeout, "fieldgate.uplink.sigv4.credential-process");
        }

        @Override
        public Optional<AwsCredentials> resolve(final Instant now) {
            return Optional.of(process.run(now));
        }

        @Override
        public String missing() {
            return "fieldgate.uplink.sigv4.credential-process not set";
        }
    }
}
