package dev.fieldgate.uplink;

import dev.fieldgate.uplink.sigv4.SigV4Presigner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * The presigned query of the WebSocket URL in the form the HiveMQ client 1.4 takes it: decoded. The client builds
 * its handshake URI with {@code java.net.URI}'s multi-argument constructor, which quotes every {@code %}, so an
 * encoded query would reach the cloud encoded twice. Decoded, every value survives as it is (the signature is
 * computed over the decoded values, which the server encodes again to check it); only a {@code +} in a session
 * token travels literally, where AWS's own SDKs send {@code %2B}.
 *
 * <p>A query signed less than {@link #FRESH} ago is handed out again: the uplink signs in the background every
 * minute (renewing credentials, perhaps running a credential process), and a reconnect on the client's event
 * thread then finds a fresh one without signing there.
 */
final class SigV4Queries implements Function<String, String> {

    static final Duration FRESH = Duration.ofSeconds(90);

    private final SigV4Presigner presigner;
    private String host;
    private String query;
    private Instant signedAt = Instant.MIN;

    private SigV4Queries(final SigV4Presigner presigner) {
        this.presigner = presigner;
    }

    /** @return host → the query of a presigned URL for it */
    static Function<String, String> of(final SigV4Presigner presigner) {
        return new SigV4Queries(presigner);
    }

    @Override
    public String apply(final String forHost) {
        final Instant now = Instant.now();
        synchronized (this) {
            if (forHost.equals(host) && signedAt.plus(FRESH).isAfter(now)) {
                return query;
            }
        }
        final String signed = decoded(presigner.presign(forHost, now).query());
        synchronized (this) {
            host = forHost;
            query = signed;
            signedAt = now;
        }
        return signed;
    }

    static String decoded(final String query) {
        final StringBuilder out = new StringBuilder(query.length());
        for (final String part : query.split("&")) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            // SigV4 encodes '+' as %2B, so the query holds no literal '+' that URLDecoder could take for a space
            out.append(URLDecoder.decode(part, StandardCharsets.UTF_8));
        }
        return out.toString();
    }
}
