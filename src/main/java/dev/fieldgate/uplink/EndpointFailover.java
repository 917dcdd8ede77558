package dev.fieldgate.uplink;

import dev.fieldgate.config.UplinkConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which endpoint the uplink uses: the primary while it answers, the next backup after {@code after} failed
 * connection attempts in a row, and the primary again when the uplink probes it. Thread-safe: the client's event
 * thread and the uplink's scheduler both use it.
 */
public final class EndpointFailover {

    /**
     * A change of endpoint, for the status page.
     *
     * @param from   the endpoint left
     * @param to     the endpoint taken
     * @param reason why
     * @param at     epoch ms
     */
    public record Switch(Endpoint from, Endpoint to, String reason, long at) {
    }

    private final List<Endpoint> endpoints;
    private final int after;
    private int current;
    private int failures;
    private Switch lastSwitch;

    /**
     * @param endpoints the primary first, then the backups
     * @param after     failed attempts in a row before switching; at least 1
     */
    public EndpointFailover(final List<Endpoint> endpoints, final int after) {
        if (endpoints.isEmpty()) {
            throw new IllegalArgumentException("no endpoint");
        }
        if (after < 1) {
            throw new IllegalArgumentException("fieldgate.uplink.failover.after must be at least 1, not " + after);
        }
        if (endpoints.stream().distinct().count() < endpoints.size()) {
            throw new IllegalArgumentException("fieldgate.uplink.failover.endpoints names an endpoint twice (or the "
                    + "primary again): " + endpoints);
        }
        this.endpoints = List.copyOf(endpoints);
        this.after = after;
    }

    /**
     * @return the primary ({@code fieldgate.uplink.host} and {@code port}, the transport's port by default) and the
     *         backups of {@code fieldgate.uplink.failover}
     * @throws IllegalArgumentException naming the setting that is wrong
     */
    public static EndpointFailover from(final UplinkConfig config) {
        final int port = config.port().orElse(config.transport().defaultPort);
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("fieldgate.uplink.port " + port + " is not between 1 and 65535");
        }
        final List<Endpoint> all = new ArrayList<>();
        all.add(Endpoint.parse(config.host(), port, "fieldgate.uplink.host"));
        config.failover().endpoints().orElse(List.of())
                .forEach(e -> all.add(Endpoint.parse(e, port, "fieldgate.uplink.failover.endpoints")));
        return new EndpointFailover(all, config.failover().after());
    }

    /** @return the primary endpoint */
    public Endpoint primary() {
        return endpoints.get(0);
    }

    /** @return the endpoint to connect to */
    public synchronized Endpoint current() {
        return endpoints.get(current);
    }

    /** @return whether the current endpoint is the primary */
    public synchronized boolean onPrimary() {
        return current == 0;
    }

    /** @return whether there is anything to fail over to */
    public boolean hasBackups() {
        return endpoints.size() > 1;
    }

    /** The current endpoint accepted the connection. */
    public synchronized void connected() {
        failures = 0;
    }

    /**
     * A connection attempt to the current endpoint failed.
     *
     * @param now epoch ms
     * @return the endpoint to switch to, or empty to stay
     */
    public synchronized Optional<Endpoint> failed(final long now) {
        failures++;
        if (failures < after || !hasBackups()) {
            return Optional.empty();
        }
        final int next = (current + 1) % endpoints.size();
        moveTo(next, failures + " failed connection attempt(s) to " + current(), now);
        return Optional.of(current());
    }

    /**
     * Goes back to the primary, to probe it.
     *
     * @param now epoch ms
     * @return the primary
     */
    public synchronized Endpoint probePrimary(final long now) {
        moveTo(0, "probing the primary", now);
        return current();
    }

    /** @return the last change of endpoint, if any */
    public synchronized Optional<Switch> lastSwitch() {
        return Optional.ofNullable(lastSwitch);
    }

    private void moveTo(final int index, final String reason, final long now) {
        lastSwitch = new Switch(current(), endpoints.get(index), reason, now);
        current = index;
        failures = 0;
    }
}
