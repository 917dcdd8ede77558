package dev.fieldgate.rig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cloud's side of a SigV4-presigned WebSocket URL, written from the SigV4 documentation with nothing but the
 * JDK: decodes the query as a server does, rebuilds the canonical request over {@code GET /mqtt} with the host
 * header, and checks the signature and the session token.
 */
public final class SigV4Check {

    private SigV4Check() {
    }

    /**
     * @param requestHead the HTTP upgrade request
     * @param host        the host the URL was signed for (the Host header without a port, as on 443)
     * @param secretKey   the secret access key
     * @param token       the session token expected, or null
     * @return null when the signature and token are right, else what is wrong
     */
    public static String verify(final String requestHead, final String host, final String secretKey,
                                final String token) {
        final String target = requestHead.substring(4, requestHead.indexOf(' ', 4));
        final int q = target.indexOf('?');
        if (q < 0 || !target.substring(0, q).equals("/mqtt")) {
            return "not GET /mqtt?…: " + target.replaceAll("Signature=[0-9a-f]+", "Signature=…");
        }
        final Map<String, String> params = new TreeMap<>();
        for (final String part : target.substring(q + 1).split("&")) {
            final int eq = part.indexOf('=');
            // RFC 3986 decoding: a '+' is a '+'
            params.put(decode(part.substring(0, eq)), decode(part.substring(eq + 1)));
        }
        final java.time.Instant signedAt = java.time.LocalDateTime.parse(params.get("X-Amz-Date"),
                java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")).toInstant(java.time.ZoneOffset.UTC);
        if (signedAt.plusSeconds(Long.parseLong(params.get("X-Amz-Expires"))).isBefore(java.time.Instant.now())) {
            return "presigned URL expired";
        }
        final String signature = params.remove("X-Amz-Signature");
        final String sentToken = params.remove("X-Amz-Security-Token");
        if (token != null && !token.equals(sentToken)) {
            return "session token missing or altered";
        }
        final StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> query.append(query.isEmpty() ? "" : "&").append(encode(k)).append('=').append(encode(v)));
        final String canonical = "GET\n/mqtt\n" + query + "\nhost:" + host + "\n\nhost\n" + sha256Hex("");
        final String[] scope = params.get("X-Amz-Credential").split("/", 2);
        final String stringToSign = "AWS4-HMAC-SHA256\n" + params.get("X-Amz-Date") + "\n" + scope[1] + "\n"
                + sha256Hex(canonical);
        final String[] s = scope[1].split("/");
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), s[0]);
        key = hmac(key, s[1]);
        key = hmac(key, s[2]);
        key = hmac(key, s[3]);
        final String expected = HexFormat.of().formatHex(hmac(key, stringToSign));
        return expected.equals(signature) ? null : "signature does not match";
    }

    private static String decode(final String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String encode(final String s) {
        final StringBuilder out = new StringBuilder();
        for (final byte b : s.getBytes(StandardCharsets.UTF_8)) {
            final char c = (char) (b & 0xFF);
            if (Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_' || c == '.' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static String sha256Hex(final String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(final byte[] key, final String data) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (final Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
