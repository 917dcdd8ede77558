package dev.fieldgate.uplink.sigv4;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, optional {@code AWS_SESSION_TOKEN} and
 * {@code AWS_CREDENTIAL_EXPIRATION} (ISO 8601), the variables the AWS CLI reads.
 */
final class EnvironmentCredentials implements CredentialsProvider {

    static final String ACCESS_KEY_ID = "AWS_ACCESS_KEY_ID";
    static final String SECRET_ACCESS_KEY = "AWS_SECRET_ACCESS_KEY";
    static final String SESSION_TOKEN = "AWS_SESSION_TOKEN";
    static final String CREDENTIAL_EXPIRATION = "AWS_CREDENTIAL_EXPIRATION";

    private final Map<String, String> env;

    /** @param env the process environment, or a stand-in for tests */
    EnvironmentCredentials(final Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    @Override
    public Optional<AwsCredentials> resolve(final Instant now) {
        final Optional<String> keyId = value(ACCESS_KEY_ID);
        final Optional<String> secret = value(SECRET_ACCESS_KEY);
        if (keyId.isEmpty() && secret.isEmpty()) {
            return Optional.empty();
        }
        if (keyId.isEmpty() || secret.isEmpty()) {
            throw new SigV4Exception("incomplete AWS credentials in the environment: "
                    + (keyId.isEmpty() ? ACCESS_KEY_ID : SECRET_ACCESS_KEY) + " not set but "
                    + (keyId.isEmpty() ? SECRET_ACCESS_KEY : ACCESS_KEY_ID) + " is", false);
        }
        return Optional.of(new AwsCredentials(keyId.get(), secret.get(), value(SESSION_TOKEN), expiration(),
                "environment"));
    }

    @Override
    public String missing() {
        return ACCESS_KEY_ID + " not set";
    }

    private Optional<Instant> expiration() {
        final Optional<String> text = value(CREDENTIAL_EXPIRATION);
        try {
            return text.map(t -> OffsetDateTime.parse(t).toInstant());
        } catch (final DateTimeParseException e) {
            throw new SigV4Exception(CREDENTIAL_EXPIRATION + " is not an ISO 8601 time: " + text.get(), false);
        }
    }

    private Optional<String> value(final String name) {
        return Optional.ofNullable(env.get(name)).map(String::trim).filter(v -> !v.isEmpty());
    }
}
