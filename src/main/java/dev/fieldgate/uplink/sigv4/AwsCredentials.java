package dev.fieldgate.uplink.sigv4;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One set of AWS credentials. {@link #toString()} shows the access key id and the expiry only: the secret key and
 * the session token never leave through it.
 *
 * @param accessKeyId the access key id (AKIA… long-term, ASIA… temporary)
 * @param secretAccessKey the secret key
 * @param sessionToken the session token of temporary credentials
 * @param expiration when temporary credentials expire; empty for long-term keys
 * @param source where they came from, for messages (e.g. "environment", "profile 'x' in /etc/aws/credentials")
 */
record AwsCredentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken,
                      Optional<Instant> expiration, String source) {

    AwsCredentials {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(sessionToken, "sessionToken");
        Objects.requireNonNull(expiration, "expiration");
        Objects.requireNonNull(source, "source");
        if (accessKeyId.isBlank() || secretAccessKey.isBlank()) {
            throw new SigV4Exception("AWS credentials from " + source + " have an empty access key id or secret key",
                    false);
        }
    }

    @Override
    public String toString() {
        return "AwsCredentials[accessKeyId=" + accessKeyId + ", secretAccessKey=<redacted>, sessionToken="
                + (sessionToken.isPresent() ? "<redacted>" : "none") + ", expiration="
                + expiration.map(Instant::toString).orElse("never") + ", source=" + source + "]";
    }
}
