package dev.fieldgate.uplink.sigv4;

import dev.fieldgate.config.SigV4Config;
import dev.fieldgate.config.SigV4Config.CredentialsSource;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The group maps under any prefix with the documented defaults, and the enum reads in lower case. */
class SigV4ConfigMappingTest {

    private static final String PREFIX = "fieldgate.uplink.sigv4";

    private static SigV4Config map(final Map<String, String> properties) {
        final SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(SigV4Config.class, PREFIX)
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(SigV4Config.class, PREFIX);
    }

    @Test
    void should_map_the_defaults() {
        final SigV4Config c = map(Map.of());

        assertThat(c.region()).isEmpty();
        assertThat(c.credentials()).isEqualTo(CredentialsSource.DEFAULT);
        assertThat(c.profile()).isEqualTo("default");
        assertThat(c.credentialsFile()).isEmpty();
        assertThat(c.credentialProcess()).isEmpty();
        assertThat(c.processTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.refreshAhead()).isEqualTo(Duration.ofMinutes(5));
        assertThat(c.urlExpiry()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void should_map_kebab_case_keys_and_lower_case_sources() {
        final SigV4Config c = map(Map.of(PREFIX + ".credentials", "process",
                PREFIX + ".credential-process", "/opt/helper --role plant",
                PREFIX + ".credentials-file", "/etc/fieldgate/aws-credentials",
                PREFIX + ".refresh-ahead", "2m", PREFIX + ".url-expiry", "1h", PREFIX + ".region", "eu-west-1"));

        assertThat(c.credentials()).isEqualTo(CredentialsSource.PROCESS);
        assertThat(c.credentialProcess()).hasValue("/opt/helper --role plant");
        assertThat(c.credentialsFile()).hasValue(Path.of("/etc/fieldgate/aws-credentials"));
        assertThat(c.refreshAhead()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.urlExpiry()).isEqualTo(Duration.ofHours(1));
        assertThat(c.region()).hasValue("eu-west-1");
    }
}
