package dev.fieldgate.uplink.sigv4;

import dev.fieldgate.config.SigV4Config;
import dev.fieldgate.config.SigV4Config.CredentialsSource;
import org.junit.jupiter.api.BeforeEach;
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

class SigV4PresignerTest {

    private static final String HOST = "a1b2c3d4e5f6g7-ats.iot.eu-central-1.amazonaws.com";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+with=odd&chars";

    @TempDir
    Path home;

    private Path credentials;

    /** The config group with its declared defaults; tests override what they need. */
    record Config(Optional<String> region, CredentialsSource credentials, String profile,
                  Optional<Path> credentialsFile, Optional<String> credentialProcess, Duration processTimeout,
                  Duration refreshAhead, Duration urlExpiry) implements SigV4Config {

        static Config defaults() {
            return new Config(Optional.empty(), CredentialsSource.DEFAULT, "default", Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5));
        }

        Config with(final CredentialsSource source) {
            return new Config(region, source, profile, credentialsFile, credentialProcess, processTimeout,
                    refreshAhead, urlExpiry);
        }

        Config process(final String command, final Duration timeout, final Duration ahead) {
            return new Config(region, CredentialsSource.PROCESS, profile, credentialsFile, Optional.of(command),
                    timeout, ahead, urlExpiry);
        }

        Config profileNamed(final String name) {
            return new Config(region, credentials, name, credentialsFile, credentialProcess, processTimeout,
                    refreshAhead, urlExpiry);
        }
    }

    @BeforeEach
    void setUp() throws IOException {
        credentials = Files.createDirectories(home.resolve(".aws")).resolve("credentials");
    }

    @Test
    void should_sign_with_environment_keys_and_derive_the_region() {
        final SigV4Presigner presigner = SigV4Presigner.from(Config.defaults(),
                Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET), home);

        final PresignedWebSocket ws = presigner.presign(HOST, Instant.parse("2026-12-03T20:00:00Z"));

        assertThat(ws.pathAndQuery()).startsWith("/mqtt?")
                .contains("X-Amz-Credential=AKIDEXAMPLE%2F20261203%2Feu-central-1%2Fiotdevicegateway%2Faws4_request")
                .contains("X-Amz-SignedHeaders=host")
                .contains("X-Amz-Expires=300")
                .doesNotContain("X-Amz-Security-Token");
        assertThat(ws.credentialsExpireAt()).isEmpty();
        assertThat(ws.urlExpiresAt()).isEqualTo(Instant.parse("2026-12-03T20:05:00Z"));
        assertThat(ws.uri(HOST)).startsWith("wss://" + HOST + "/mqtt?");
        assertThat(ws.path()).isEqualTo("/mqtt");
        assertThat(ws.query()).startsWith("X-Amz-").isEqualTo(ws.pathAndQuery().substring("/mqtt?".length()));
    }

    @Test
    void should_append_the_session_token_after_signing() {
        final Instant now = Instant.parse("2026-12-03T20:00:00Z");
        final PresignedWebSocket withToken = SigV4Presigner.from(Config.defaults(), Map.of(
                "AWS_ACCESS_KEY_ID", "ASIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET, "AWS_SESSION_TOKEN", TOKEN,
                "AWS_CREDENTIAL_EXPIRATION", "2026-12-03T21:00:00Z"), home).presign(HOST, now);
        final PresignedWebSocket withoutToken = SigV4Presigner.from(Config.defaults(), Map.of(
                "AWS_ACCESS_KEY_ID", "ASIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET), home).presign(HOST, now);

        // the same signature: the token is not in the canonical query, only behind it
        assertThat(withToken.pathAndQuery()).isEqualTo(withoutToken.pathAndQuery()
                + "&X-Amz-Security-Token=IQoJb3JpZ2luX2VjEXAMPLE%2FTOKEN%2Bwith%3Dodd%26chars");
        assertThat(withToken.credentialsExpireAt()).hasValue(Instant.parse("2026-12-03T21:00:00Z"));
        assertThat(withToken.toString()).doesNotContain("IQoJ").contains("X-Amz-Security-Token=<redacted>");
    }

    @Test
    void should_use_a_configured_region_for_other_hosts_and_name_the_key_when_none() {
        final Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE", "AWS_SECRET_ACCESS_KEY", SECRET);
        final Config eu = new Config(Optional.of("eu-west-1"), CredentialsSource.ENVIRONMENT, "default",
                Optional.empty(), Optional.empty(), Duration.ofSeconds(30), Duration.ofMinutes(5),
                Duration.ofMinutes(5));

        assertThat(SigV4Presigner.from(eu, env, home).presign("iot.plant.example", Instant.now()).pathAndQuery())
                .contains("%2Feu-west-1%2Fiotdevicegateway%2F");
        assertThatThrownBy(() -> SigV4Presigner.from(Config.defaults(), env, home)
                .presign("iot.plant.example", Instant.now()))
                .isInstanceOf(SigV4Exception.class).hasMessageContaining("fieldgate.uplink.sigv4.region");
    }

    @Test
    void should_read_the_profile_from_the_credentials_file() throws IOException {
        Files.writeString(credentials, "[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = "
                + SECRET + "\n\n[plant]\naws_access_key_id=AKIDPLANT\naws_secret_access_key=" + SECRET + "\n");
        Files.setPosixFilePermissions(credentials, PosixFilePermissions.fromString("rw-------"));

        final PresignedWebSocket ws = SigV4Presigner.from(Config.defaults().profileNamed("plant"), Map.of(), home)
                .presign(HOST, Instant.now());

        assertThat(ws.pathAndQuery()).contains("X-Amz-Credential=AKIDPLANT%2F");
    }

    @Test
    void should_follow_a_link_to_the_credentials_file() throws IOException {
        final Path real = Files.writeString(home.resolve("secret-volume-credentials"),
                "[default]\naws_access_key_id = AKIDLINKED\naws_secret_access_key = " + SECRET + "\n");
        final Path link = Files.createSymbolicLink(home.resolve("linked"), real);
        final Config config = new Config(Optional.empty(), CredentialsSource.PROFILE, "default", Optional.of(link),
                Optional.empty(), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(5));

        assertThat(SigV4Presigner.from(config, Map.of(), home).presign(HOST, Instant.now()).pathAndQuery())
                .contains("AKIDLINKED");
    }

    @Test
    void should_prefer_the_environment_by_default() throws IOException {
        Files.writeString(credentials, "[default]\naws_access_key_id=AKIDFILE\naws_secret_access_key=" + SECRET);

        final PresignedWebSocket ws = SigV4Presigner.from(Config.defaults(),
                Map.of("AWS_ACCESS_KEY_ID", "AKIDENV", "AWS_SECRET_ACCESS_KEY", SECRET), home)
                .presign(HOST, Instant.now());

        assertThat(ws.pathAndQuery()).contains("AKIDENV").doesNotContain("AKIDFILE");
    }

    @Test
    void should_name_what_is_missing_when_there_are_no_credentials() throws IOException {
        Files.writeString(credentials, "[default]\naws_access_key_id=AKIDFILE\naws_secret_access_key=" + SECRET);

        assertThatThrownBy(() -> SigV4Presigner.from(Config.defaults().profileNamed("x"), Map.of(), home)
                .presign(HOST, Instant.now()))
                .isInstanceOf(SigV4Exception.class)
                .hasMessage("no AWS credentials: AWS_ACCESS_KEY_ID not set and " + credentials
                        + " has no profile 'x'")
                .matches(e -> !((SigV4Exception) e).retryable());
    }

    @Test
    void should_not_show_a_secret_when_a_key_half_is_missing() {
        assertThatThrownBy(() -> SigV4Presigner.from(Config.defaults().with(CredentialsSource.ENVIRONMENT),
                Map.of("AWS_SECRET_ACCESS_KEY", SECRET), home).presign(HOST, Instant.now()))
                .isInstanceOf(SigV4Exception.class)
                .hasMessageContaining("AWS_ACCESS_KEY_ID not set")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void should_keep_secrets_out_of_credentials_to_string() {
        final AwsCredentials c = new AwsCredentials("ASIDEXAMPLE", SECRET, Optional.of(TOKEN), Optional.empty(),
                "test");

        assertThat(c.toString()).contains("ASIDEXAMPLE").doesNotContain(SECRET).doesNotContain(TOKEN);
    }

    @Test
    void should_refuse_an_url_expiry_beyond_seven_days_naming_the_key() {
        final Config config = new Config(Optional.empty(), CredentialsSource.DEFAULT, "default", Optional.empty(),
                Optional.empty(), Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofDays(8));

        assertThatThrownBy(() -> SigV4Presigner.from(config, Map.of(), home))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("url-expiry");
    }
}
