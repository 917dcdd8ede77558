package dev.fieldgate.uplink.sigv4;

import java.time.Instant;
import java.util.Optional;

/** One place AWS credentials may be found. Implementations never put a secret in a message. */
interface CredentialsProvider {

    /**
     * @param now the current time, to judge expiry
     * @return the credentials, or empty when this source has none configured (see {@link #missing()})
     * @throws SigV4Exception when the source is configured but its credentials cannot be had
     */
    Optional<AwsCredentials> resolve(Instant now);

    /** @return what was looked for and not found, e.g. "AWS_ACCESS_KEY_ID not set" */
    String missing();
}
