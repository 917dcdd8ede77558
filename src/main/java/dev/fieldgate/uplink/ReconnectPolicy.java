package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.util.Backoff;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long the uplink waits before its next connection attempt.
 *
 * <ul>
 * <li>The broker <b>refused</b> the gateway (CONNACK with an error, a TLS handshake it rejected, a DISCONNECT
 *     for a quota or a policy): exponential backoff with jitter up to {@code reconnect-max}. Retrying fast
 *     cannot help and counts against the cloud's connect quota.</li>
 * <li>The <b>network</b> failed (refused TCP connection, timeout, reset) and the outage is younger than
 *     {@code reconnect-fast-window}: a fixed short delay with jitter (between half and all of
 *     {@code reconnect-fast-delay}), so that after a broker restart or a link flap the first fresh reading
 *     goes out within seconds of the broker accepting connections again. One attempt per second or slower
 *     stays within AWS IoT Core's connect quota per client id; the jitter keeps a fleet from reconnecting in
 *     lock-step.</li>
 * <li>A <b>longer outage</b>: exponential backoff again, counted from the end of the fast window.</li>
 * </ul>
 *
 * @param backoff    for refusals and long outages
 * @param fastWindow how long after the connection was lost network failures are retried fast
 * @param fastDelay  the delay of those fast retries (jittered between half and all of it)
 */
public record ReconnectPolicy(Backoff backoff, Duration fastWindow, Duration fastDelay) {

    /** Checks the parts. */
    public ReconnectPolicy {
        Objects.requireNonNull(backoff, "backoff");
        Objects.requireNonNull(fastWindow, "fastWindow");
        Objects.requireNonNull(fastDelay, "fastDelay");
        if (fastWindow.isNegative() || fastDelay.isNegative() || fastDelay.isZero()) {
            throw new IllegalArgumentException("fieldgate.uplink.reconnect-fast-window must not be negative and "
                    + "reconnect-fast-delay must be positive");
        }
    }

    /** @return the policy the configuration asks for */
    public static ReconnectPolicy from(final UplinkConfig c) {
        return new ReconnectPolicy(new Backoff(c.reconnectInitial(), c.reconnectMax()), c.reconnectFastWindow(),
                c.reconnectFastDelay());
    }

    /**
     * @param attempts      failed attempts since the connection was lost (0 for the first retry)
     * @param outageNanos   how long the connection has been down
     * @param refused       whether the broker itself refused the gateway (not a network failure)
     * @return nanoseconds to wait before the next attempt
     */
    public long delayNanos(final int attempts, final long outageNanos, final boolean refused) {
        if (refused) {
            return backoff.delayNanos(attempts);
        }
        if (outageNanos < fastWindow.toNanos()) {
            final long ceiling = fastDelay.toNanos();
            return ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1);
        }
        final long fastAttempts = fastWindow.toNanos() / Math.max(1, fastDelay.toNanos() * 3 / 4);
        return backoff.delayNanos((int) Math.max(0, attempts - fastAttempts));
    }
}
