package dev.fieldgate.uplink.sigv4;

import dev.fieldgate.config.SigV4Config.CredentialsSource;
import dev.fieldgate.uplink.sigv4.SigV4PresignerTest.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The credential process source, with small shell scripts standing in for a real helper. */
class ProcessCredentialsTest {

    private static final String HOST = "a1b2c3d4e5f6g7-ats.iot.eu-central-1.amazonaws.com";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    @TempDir
    Path dir;

    /**
     * A helper that counts its runs in a file and prints credentials expiring {@code lifetime} s from now, whose key
     * id and token end with the run number; from run {@code failFrom} on it fails instead.
     */
    private String countingHelper(final int lifetime, final int failFrom) throws IOException {
        final Path count = dir.resolve("runs");
        final Path script = dir.resolve("helper.sh");
        Files.writeString(script, "#!/bin/sh\n"
                + "n=$(( $(cat '" + count + "' 2>/dev/null || echo 0) + 1 ))\n"
                + "echo $n > '" + count + "'\n"
                + "if [ $n -ge " + failFrom + " ]; then echo \"token=SECRET-TOKEN-$n\" >&2; exit 3; fi\n"
                + "exp=$(date -u -d \"+" + lifetime + " seconds\" +%Y-%m-%dT%H:%M:%SZ)\n"
                + "printf '{\"Version\": 1, \"AccessKeyId\": \"ASIDRUN%s\", \"SecretAccessKey\": \"" + SECRET
                + "\", \"SessionToken\": \"TOKEN%s\", \"Expiration\": \"%s\"}' $n $n $exp\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        return "'" + script + "' --profile plant";
    }

    private int runs() throws IOException {
        return Integer.parseInt(Files.readString(dir.resolve("runs")).trim());
    }

    @Test
    void should_renew_credentials_before_they_expire() throws IOException {
        final SigV4Presigner presigner = SigV4Presigner.from(
                Config.defaults().process(countingHelper(10, 99), Duration.ofSeconds(10), Duration.ofSeconds(8)),
                Map.of(), dir);
        final Instant t0 = Instant.now();

        // the helper's Expiration is whole seconds, 9 to 10 s after t0: kept until 1 to 2 s after t0, renewed at 3 s
        final PresignedWebSocket first = presigner.presign(HOST, t0);
        final PresignedWebSocket again = presigner.presign(HOST, t0.plusMillis(500));
        final PresignedWebSocket renewed = presigner.presign(HOST, t0.plusSeconds(3));

        assertThat(first.pathAndQuery()).contains("ASIDRUN1").endsWith("&X-Amz-Security-Token=TOKEN1");
        assertThat(first.credentialsExpireAt()).hasValueSatisfying(e -> assertThat(e).isAfter(t0));
        assertThat(again.pathAndQuery()).contains("ASIDRUN1");
        assertThat(renewed.pathAndQuery()).contains("ASIDRUN2").endsWith("&X-Amz-Security-Token=TOKEN2");
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void should_keep_valid_credentials_when_renewing_fails() throws IOException {
        final SigV4Presigner presigner = SigV4Presigner.from(
                Config.defaults().process(countingHelper(60, 2), Duration.ofSeconds(10), Duration.ofSeconds(59)),
                Map.of(), dir);
        final Instant t0 = Instant.now();

        presigner.presign(HOST, t0);
        final PresignedWebSocket kept = presigner.presign(HOST, t0.plusSeconds(5));

        assertThat(kept.pathAndQuery()).contains("ASIDRUN1");
        assertThat(runs()).isEqualTo(2);
    }

    @Test
    void should_run_the_profiles_credential_process_from_the_config_file() throws IOException {
        final Path config = dir.resolve("config");
        Files.writeString(config, "[profile plant]\nregion = eu-central-1\ncredential_process = "
                + countingHelper(900, 99) + "\n");

        final PresignedWebSocket ws = SigV4Presigner.from(
                Config.defaults().with(CredentialsSource.PROFILE).profileNamed("plant"),
                Map.of("AWS_CONFIG_FILE", config.toString()), dir).presign(HOST, Instant.now());

        assertThat(ws.pathAndQuery()).contains("ASIDRUN1");
    }

    @Test
    void should_report_a_failing_process_without_its_stderr() throws IOException {
        final SigV4Presigner presigner = SigV4Presigner.from(
                Config.defaults().process(countingHelper(60, 1), Duration.ofSeconds(10), Duration.ofSeconds(1)),
                Map.of(), dir);

        assertThatThrownBy(() -> presigner.presign(HOST, Instant.now()))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageContaining("exited with 3")
                .hasMessageNotContaining("SECRET-TOKEN")
                .matches(e -> ((SigV4Exception) e).retryable());
    }

    @Test
    void should_stop_a_process_that_overruns_its_timeout() {
        final SigV4Presigner presigner = SigV4Presigner.from(
                Config.defaults().process("sleep 20", Duration.ofMillis(300), Duration.ofSeconds(1)), Map.of(), dir);
        final long start = System.nanoTime();

        assertThatThrownBy(() -> presigner.presign(HOST, Instant.now()))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageContaining("did not finish within 300 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void should_bound_the_output_read() {
        final SigV4Presigner presigner = SigV4Presigner.from(Config.defaults().process(
                "sh -c 'head -c 100000 /dev/zero | tr \"\\0\" a'", Duration.ofSeconds(10), Duration.ofSeconds(1)),
                Map.of(), dir);

        assertThatThrownBy(() -> presigner.presign(HOST, Instant.now()))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageContaining("more than 64000 bytes");
    }

    @Test
    void should_not_quote_malformed_output_that_may_hold_a_secret() {
        final SigV4Presigner presigner = SigV4Presigner.from(Config.defaults().process(
                "echo {\"SecretAccessKey\": " + SECRET + "}", Duration.ofSeconds(10), Duration.ofSeconds(1)),
                Map.of(), dir);

        assertThatThrownBy(() -> presigner.presign(HOST, Instant.now()))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageContaining("printed no JSON object")
                .hasMessageNotContaining("wJalr");
    }

    @Test
    void should_refuse_credentials_already_expired() {
        final SigV4Presigner presigner = SigV4Presigner.from(Config.defaults().process(
                "echo '{\"Version\":1,\"AccessKeyId\":\"ASID\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\","
                        + "\"Expiration\":\"2020-01-01T00:00:00+00:00\"}'", Duration.ofSeconds(10),
                Duration.ofSeconds(1)), Map.of(), dir);

        assertThatThrownBy(() -> presigner.presign(HOST, Instant.now()))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageContaining("expired at 2020-01-01T00:00:00Z");
    }

    @Test
    void should_accept_long_term_keys_from_a_process() {
        final PresignedWebSocket ws = SigV4Presigner.from(Config.defaults().process(
                "echo '{\"Version\":1,\"AccessKeyId\":\"AKIDPROC\",\"SecretAccessKey\":\"s\"}'",
                Duration.ofSeconds(10), Duration.ofSeconds(1)), Map.of(), dir).presign(HOST, Instant.now());

        assertThat(ws.pathAndQuery()).contains("AKIDPROC").doesNotContain("X-Amz-Security-Token");
        assertThat(ws.credentialsExpireAt()).isEqualTo(Optional.empty());
    }
}
