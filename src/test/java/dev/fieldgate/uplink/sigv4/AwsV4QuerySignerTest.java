package dev.fieldgate.uplink.sigv4;

import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS's published SigV4 test vectors, query-string (presign) form: the aws-sig-v4-test-suite as kept in
 * awslabs/aws-c-auth (tests/aws-signing-test-suite/v4/&lt;case&gt;/query-signature.txt, context.json: AKIDEXAMPLE,
 * us-east-1, service "service", 2015-08-30T12:36:00Z, X-Amz-Expires 3600, body not signed so the payload hash is the
 * empty string's SHA-256), and the presigned-URL example of the S3 API reference ("Authenticating Requests: Using
 * Query Parameters", UNSIGNED-PAYLOAD).
 */
class AwsV4QuerySignerTest {

    private static final AwsCredentials SUITE = new AwsCredentials("AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Optional.empty(), Optional.empty(), "test");
    private static final Instant SUITE_TIME = Instant.parse("2015-08-30T12:36:00Z");
    private static final String SUITE_HOST = "example.amazonaws.com";

    @Test
    void should_match_get_vanilla() {
        final String signed = AwsV4QuerySigner.presign(SUITE_HOST, "/", Map.of(), "us-east-1", "service", SUITE,
                SUITE_TIME, Duration.ofSeconds(3600));

        assertThat(signed).startsWith("/?")
                .contains("X-Amz-Algorithm=AWS4-HMAC-SHA256")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request")
                .contains("X-Amz-Date=20150830T123600Z")
                .contains("X-Amz-Expires=3600")
                .contains("X-Amz-SignedHeaders=host")
                .contains("X-Amz-Signature=e93c787ed7f371d5c6b165c1b38ede9550f4dce4144713e844b25b7192d3865d");
    }

    @Test
    void should_match_get_vanilla_query_order_key_case() {
        final Map<String, String> query = new LinkedHashMap<>();
        query.put("Param2", "value2");
        query.put("Param1", "value1");

        final String signed = AwsV4QuerySigner.presign(SUITE_HOST, "/", query, "us-east-1", "service", SUITE,
                SUITE_TIME, Duration.ofSeconds(3600));

        assertThat(signed).contains("Param1=value1").contains("Param2=value2")
                .contains("X-Amz-Signature=86012e2c9ad4d77369f5d81c11f75158aae4f895a085212cc6d3f923d300bed5");
    }

    @Test
    void should_match_get_unreserved() {
        final String path = "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

        final String signed = AwsV4QuerySigner.presign(SUITE_HOST, path, Map.of(), "us-east-1", "service", SUITE,
                SUITE_TIME, Duration.ofSeconds(3600));

        assertThat(signed).startsWith(path + "?")
                .contains("X-Amz-Signature=95968482db1b9e0fadef6efc1bd24689f77c77d9ef56919c96a28cc92e0d6005");
    }

    @Test
    void should_match_the_s3_presigned_url_example() {
        final AwsCredentials docs = new AwsCredentials("AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Optional.empty(), Optional.empty(), "test");

        final String signed = AwsV4QuerySigner.presign("examplebucket.s3.amazonaws.com", "/test.txt", Map.of(),
                "us-east-1", "s3", docs, Instant.parse("2013-05-24T00:00:00Z"), Duration.ofSeconds(86400), false);

        assertThat(signed)
                .contains("X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request")
                .contains("X-Amz-Expires=86400")
                .contains("X-Amz-Signature=aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
    }

    @Test
    void should_sign_the_iot_handshake_as_its_canonical_request_says() throws Exception {
        // the canonical request AWS IoT checks, written out by hand (SigV4 steps 1-4) and signed here with the
        // JDK alone, so that the SDK's output is checked against the layout and not against itself
        final Instant now = Instant.parse("2026-12-03T20:00:00Z");
        final String host = "a1b2c3-ats.iot.eu-central-1.amazonaws.com";
        final String scope = "20261203/eu-central-1/iotdevicegateway/aws4_request";
        final String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
                + "&X-Amz-Credential=AKIDEXAMPLE%2F" + scope.replace("/", "%2F")
                + "&X-Amz-Date=20261203T200000Z&X-Amz-Expires=300&X-Amz-SignedHeaders=host";
        final String canonical = "GET\n/mqtt\n" + query + "\nhost:" + host + "\n\nhost\n"
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        final String toSign = "AWS4-HMAC-SHA256\n20261203T200000Z\n" + scope + "\n" + hex(sha256(canonical));
        byte[] key = ("AWS4" + SUITE.secretAccessKey()).getBytes(StandardCharsets.UTF_8);
        for (final String part : scope.split("/")) {
            key = hmac(key, part);
        }

        final String signed = AwsV4QuerySigner.presign(host, "/mqtt", Map.of(), "eu-central-1", "iotdevicegateway",
                SUITE, now, Duration.ofMinutes(5));

        assertThat(signed).contains("X-Amz-Signature=" + hex(hmac(key, toSign)));
    }

    private static byte[] sha256(final String s) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(final byte[] key, final String data) throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(final byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
