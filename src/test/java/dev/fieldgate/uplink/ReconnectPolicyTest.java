package dev.fieldgate.uplink;

import dev.fieldgate.util.Backoff;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ReconnectPolicyTest {

    private static final long SECOND = 1_000_000_000L;
    private final ReconnectPolicy policy = new ReconnectPolicy(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2)),
            Duration.ofMinutes(5), Duration.ofSeconds(2));

    @Test
    void should_retry_network_failures_within_two_seconds_during_the_fast_window() {
        for (int attempt = 0; attempt < 100; attempt++) {
            // 100 attempts into a four-minute outage: still fast, so a returning broker is used within seconds
            assertThat(policy.delayNanos(attempt, 4 * 60 * SECOND, false)).isBetween(SECOND, 2 * SECOND);
        }
    }

    @Test
    void should_back_off_when_the_broker_refuses_the_gateway_even_early_in_an_outage() {
        assertThat(policy.delayNanos(10, SECOND, true)).isGreaterThanOrEqualTo(60 * SECOND);
    }

    @Test
    void should_back_off_again_once_the_outage_outlasts_the_fast_window() {
        // the attempts of the fast window do not count: backoff starts again from its first delay, then grows
        final int fastAttempts = (int) (5 * 60 / 1.5);
        assertThat(policy.delayNanos(fastAttempts, 6 * 60 * SECOND, false)).isLessThanOrEqualTo(SECOND);
        assertThat(policy.delayNanos(fastAttempts + 10, 10 * 60 * SECOND, false)).isGreaterThanOrEqualTo(60 * SECOND);
    }

    @Test
    void should_turn_fast_retries_off_with_a_zero_window() {
        final ReconnectPolicy off = new ReconnectPolicy(new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(2)),
                Duration.ZERO, Duration.ofSeconds(2));
        assertThat(off.delayNanos(8, SECOND, false)).isGreaterThanOrEqualTo(60 * SECOND);
    }
}
