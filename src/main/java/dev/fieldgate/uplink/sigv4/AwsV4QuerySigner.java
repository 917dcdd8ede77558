package dev.fieldgate.uplink.sigv4;

import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner.AuthLocation;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * SigV4 query-string presigning of a GET with only the {@code host} header signed and the empty payload's hash,
 * done by the AWS SDK for Java v2's {@link AwsV4HttpSigner}. Stateless and thread-safe.
 */
final class AwsV4QuerySigner {

    /** The largest X-Amz-Expires SigV4 presigning accepts (7 days); the SDK's signer refuses more. */
    static final Duration MAX_EXPIRY = Duration.ofDays(7);

    private AwsV4QuerySigner() {
    }

    /**
     * @param host the Host header, e.g. {@code a1b2-ats.iot.eu-central-1.amazonaws.com}
     * @param path the encoded absolute path, e.g. {@code /mqtt}
     * @param query further query parameters (raw, not encoded) to sign with; usually none
     * @param region signing region
     * @param service signing service name, {@code iotdevicegateway} for AWS IoT's MQTT over WebSocket
     * @param credentials signing credentials; a session token in them is NOT signed nor added (see
     *                    {@link SigV4Presigner} for why it is appended afterwards)
     * @param now the signing time
     * @param expiry the URL's validity, 1 s to 7 days
     * @return the encoded path and query, {@code /mqtt?X-Amz-Algorithm=…&X-Amz-Signature=…}
     */
    static String presign(final String host, final String path, final Map<String, String> query, final String region,
                          final String service, final AwsCredentials credentials, final Instant now,
                          final Duration expiry) {
        return presign(host, path, query, region, service, credentials, now, expiry, true);
    }

    /**
     * {@link #presign(String, String, Map, String, String, AwsCredentials, Instant, Duration)} with the choice of
     * payload hash: the empty payload's SHA-256 ({@code true}), or {@code UNSIGNED-PAYLOAD} as S3 presigns.
     */
    static String presign(final String host, final String path, final Map<String, String> query, final String region,
                          final String service, final AwsCredentials credentials, final Instant now,
                          final Duration expiry, final boolean signPayload) {
        final SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .method(SdkHttpMethod.GET)
                .protocol("https")
                .host(host)
                .encodedPath(path)
                .putHeader("Host", host);
        query.forEach(request::putRawQueryParameter);
        // basic (not session) identity: the token must stay out of the canonical query for iotdevicegateway
        final AwsCredentialsIdentity identity =
                AwsCredentialsIdentity.create(credentials.accessKeyId(), credentials.secretAccessKey());
        final SignRequest<AwsCredentialsIdentity> signRequest = SignRequest.builder(identity)
                .request(request.build())
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.AUTH_LOCATION, AuthLocation.QUERY_STRING)
                .putProperty(AwsV4HttpSigner.EXPIRATION_DURATION, expiry)
                // the hash of the empty payload, not UNSIGNED-PAYLOAD: what AWS IoT's SDKs sign with
                // (aws-iot-device-sdk-cpp-v2: SetSignedBodyValue(Empty); aws-crt-nodejs: EmptySha256)
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signPayload)
                .putProperty(HttpSigner.SIGNING_CLOCK, Clock.fixed(now, ZoneOffset.UTC))
                .build();
        // made per call (once per connect, and cheap): no SDK object in a static field frozen into the native image
        final SignedRequest signed = AwsV4HttpSigner.create().sign(signRequest);
        final StringBuilder out = new StringBuilder(path);
        char separator = '?';
        for (final Map.Entry<String, List<String>> e : signed.request().rawQueryParameters().entrySet()) {
            for (final String value : e.getValue()) {
                out.append(separator).append(encode(e.getKey())).append('=').append(encode(value));
                separator = '&';
            }
        }
        return out.toString();
    }

    /** RFC 3986 unreserved characters stay, everything else is percent-encoded (SigV4's UriEncode). */
    static String encode(final String s) {
        Objects.requireNonNull(s, "s");
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
