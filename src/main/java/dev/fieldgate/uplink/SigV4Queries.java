package dev.fieldgate.uplink;

import dev.fieldgate.uplink.sigv4.SigV4Presigner;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Function;

/**
 * The presigned query of the WebSocket URL in the form the HiveMQ client 1.4 takes it: decoded. The client builds
 * its handshake URI with {@code java.net.URI}'s multi-argument constructor, which quotes every {@code %}, so an
 * encoded query would reach the cloud encoded twice. Decoded, every value survives as it is (the signature is
 * computed over the decoded values, which the server encodes again to check it); only a {@code +} in a session
 * token travels literally, where AWS's own SDKs send {@code %2B}.
 */
final class SigV4Queries {

    private SigV4Queries() {
    }

    /** @return host → the query for a fresh presigned URL */
    static Function<String, String> of(final SigV4Presigner presigner) {
        return host -> decoded(presigner.presign(host, Instant.now()).query());
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
