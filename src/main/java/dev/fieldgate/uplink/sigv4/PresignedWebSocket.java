package dev.fieldgate.uplink.sigv4;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The request target of a SigV4-presigned WebSocket handshake to AWS IoT Core: {@code /mqtt?X-Amz-Algorithm=…}, to
 * be requested from {@code wss://<host>/mqtt}. It holds the session token of temporary credentials, so
 * {@link #toString()} shows it redacted.
 *
 * @param pathAndQuery the path and encoded query, {@code /mqtt?X-Amz-Algorithm=AWS4-HMAC-SHA256&…}
 * @param urlExpiresAt after this instant AWS refuses the handshake with this URL; an open connection stays
 * @param credentialsExpireAt when the credentials it was signed with expire; empty for long-term keys
 */
public record PresignedWebSocket(String pathAndQuery, Instant urlExpiresAt, Optional<Instant> credentialsExpireAt) {

    private static final String TOKEN_PARAMETER = "X-Amz-Security-Token=";

    /**
     * @throws NullPointerException if any argument is null
     */
    public PresignedWebSocket {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        Objects.requireNonNull(urlExpiresAt, "urlExpiresAt");
        Objects.requireNonNull(credentialsExpireAt, "credentialsExpireAt");
    }

    /** @return the path, {@code /mqtt} */
    public String path() {
        final int q = pathAndQuery.indexOf('?');
        return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
    }

    /**
     * @return the query, percent-encoded and ready to send as is ({@code X-Amz-Algorithm=…}); a client that encodes
     *         what it is given (java.net.URI's multi-argument constructors turn {@code %} into {@code %25}) would
     *         break the signature with it
     */
    public String query() {
        final int q = pathAndQuery.indexOf('?');
        return q < 0 ? "" : pathAndQuery.substring(q + 1);
    }

    /**
     * @param host the AWS IoT endpoint host
     * @return {@code wss://<host><pathAndQuery>}
     * @throws NullPointerException if host is null
     */
    public String uri(final String host) {
        Objects.requireNonNull(host, "host");
        return "wss://" + host + pathAndQuery;
    }

    @Override
    public String toString() {
        return "PresignedWebSocket[pathAndQuery=" + redacted(pathAndQuery) + ", urlExpiresAt=" + urlExpiresAt
                + ", credentialsExpireAt=" + credentialsExpireAt.map(Instant::toString).orElse("never") + "]";
    }

    static String redacted(final String pathAndQuery) {
        final int start = pathAndQuery.indexOf(TOKEN_PARAMETER);
        if (start < 0) {
            return pathAndQuery;
        }
        final int valueStart = start + TOKEN_PARAMETER.length();
        final int end = pathAndQuery.indexOf('&', valueStart);
        return pathAndQuery.substring(0, valueStart) + "<redacted>" + (end < 0 ? "" : pathAndQuery.substring(end));
    }
}
