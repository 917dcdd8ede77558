package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.rig.TestUplinkConfig;
import io.quarkus.runtime.configuration.MemorySize;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The upstream profile's defaults and the limits it will not let a setting exceed. */
class PublishLimitsTest {

    @Test
    void should_default_to_inside_the_aws_iot_core_quotas() {
        final PublishLimits l = PublishLimits.from(config(UplinkConfig.Profile.AWS_IOT_CORE, null, null, null));
        assertThat(l.maxInFlight()).isEqualTo(50);
        assertThat(l.publishesPerSecond()).isEqualTo(100);
        assertThat(l.bytesPerSecond()).isEqualTo(512 * 1024);
        assertThat(l.maxMessageBytes()).isEqualTo(128 * 1024);
    }

    @Test
    void should_refuse_settings_the_cloud_would_throttle_or_disconnect_for() {
        assertThatThrownBy(() -> PublishLimits.from(config(UplinkConfig.Profile.AWS_IOT_CORE, 150, null, null)))
                .hasMessageContaining("fieldgate.uplink.max-in-flight=150").hasMessageContaining("aws-iot-core")
                .hasMessageContaining("(100)");
        assertThatThrownBy(() -> PublishLimits.from(config(UplinkConfig.Profile.AWS_IOT_CORE, null, 1000, null)))
                .hasMessageContaining("max-publish-rate=1000");
        assertThatThrownBy(() -> PublishLimits.from(config(UplinkConfig.Profile.AWS_IOT_CORE, null, null, 256 * 1024L)))
                .hasMessageContaining("max-message-size");
    }

    @Test
    void should_allow_a_broker_without_quotas_much_more() {
        final PublishLimits l = PublishLimits.from(config(UplinkConfig.Profile.UNLIMITED, null, 5000, null));
        assertThat(l.publishesPerSecond()).isEqualTo(5000);
        assertThat(l.maxInFlight()).isEqualTo(500);
    }

    private static UplinkConfig config(final UplinkConfig.Profile profile, final Integer inFlight, final Integer rate,
                                       final Long size) {
        final UplinkConfig base = TestUplinkConfig.of(1, UplinkConfig.MqttVersion.V5, Path.of("ca"), Path.of("c"), Path.of("k"));
        return (UplinkConfig) java.lang.reflect.Proxy.newProxyInstance(UplinkConfig.class.getClassLoader(),
                new Class<?>[] {UplinkConfig.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "profile" -> profile;
                    case "maxInFlight" -> Optional.ofNullable(inFlight);
                    case "maxPublishRate" -> Optional.ofNullable(rate);
                    case "maxByteRate" -> Optional.<MemorySize>empty();
                    case "maxMessageSize" -> Optional.ofNullable(size).map(s -> new MemorySize(BigInteger.valueOf(s)));
                    default -> method.invoke(base, args);
                });
    }
}
