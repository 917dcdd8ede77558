package dev.fieldgate.web;

import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.adapter.TcpEndpoint;
import org.jboss.logging.Logger;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Keeps the test read from being a port scanner for whoever holds a technician's session: over the network it
 * reaches only hosts the gateway's adapter files already name, or that {@code fieldgate.web.test-read-hosts}
 * allows (host names, addresses or CIDR ranges); one runs at a time, one per second per account, and each is
 * written to the log with who asked (an audit line). Serial lines are the box's own ports and are not limited.
 */
final class TestReadGuard {

    /** Why a test read was not run, with the HTTP status to answer. */
    static final class Refused extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final int status;

        Refused(final int status, final String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private static final Logger LOG = Logger.getLogger("dev.fieldgate.audit");
    private static final long MIN_GAP_MS = 1000;
    private static final Pattern CIDR = Pattern.compile("(.+)/(\\d{1,3})");

    private final Supplier<Set<String>> configuredHosts;
    private final List<String> allowed;
    private final Semaphore oneAtATime = new Semaphore(1);
    private final Map<String, Long> lastByAccount = new ConcurrentHashMap<>();

    /**
     * @param configuredHosts the hosts the adapter files name now
     * @param allowed         further hosts, addresses or CIDR ranges a test read may reach
     */
    TestReadGuard(final Supplier<Set<String>> configuredHosts, final List<String> allowed) {
        this.configuredHosts = configuredHosts;
        this.allowed = List.copyOf(allowed);
    }

    /**
     * Runs {@code read} when {@code account} may test-read {@code def} now.
     *
     * @return what {@code read} returned
     * @throws Refused 403 for a host no adapter file names and the allow-list does not cover, 429 when too soon
     */
    <T> T run(final String account, final AdapterDefinition def, final String device, final Supplier<T> read) {
        if (def.connection() instanceof TcpEndpoint tcp && !mayReach(tcp.host())) {
            LOG.warnf("Test read refused: %s asked for %s, which no adapter file names", account, def.uri());
            throw new Refused(403, "test reads reach only hosts the adapter files name, or those in "
                    + "fieldgate.web.test-read-hosts; " + tcp.host() + " is neither");
        }
        final long now = System.currentTimeMillis();
        final Long last = lastByAccount.put(account, now);
        if (last != null && now - last < MIN_GAP_MS || !oneAtATime.tryAcquire()) {
            throw new Refused(429, "one test read at a time, at most one a second: try again shortly");
        }
        try {
            final T result = read.get();
            LOG.infof("Test read by %s of %s device %s: answered", account, def.uri(), device);
            return result;
        } catch (final RuntimeException e) {
            LOG.infof("Test read by %s of %s device %s: %s", account, def.uri(), device, e.getMessage());
            throw e;
        } finally {
            oneAtATime.release();
        }
    }

    private boolean mayReach(final String host) {
        if (configuredHosts.get().contains(host)) {
            return true;
        }
        for (final String rule : allowed) {
            if (rule.equalsIgnoreCase(host) || inRange(rule, host)) {
                return true;
            }
        }
        return false;
    }

    /** @return true when {@code rule} is a CIDR range and {@code host} an address literal inside it (no lookups) */
    static boolean inRange(final String rule, final String host) {
        final var m = CIDR.matcher(rule);
        if (!m.matches() || !isAddressLiteral(host) || !isAddressLiteral(m.group(1))) {
            return false;
        }
        try {
            final byte[] net = InetAddress.getByName(m.group(1)).getAddress();
            final byte[] addr = InetAddress.getByName(host).getAddress();
            final int bits = Integer.parseInt(m.group(2));
            if (net.length != addr.length || bits > net.length * 8) {
                return false;
            }
            final int shift = net.length * 8 - bits;
            return new BigInteger(1, net).shiftRight(shift).equals(new BigInteger(1, addr).shiftRight(shift));
        } catch (final UnknownHostException e) {
            return false;
        }
    }

    // only literals: a name in the request must not make the gateway resolve it (and a range never matches names)
    private static boolean isAddressLiteral(final String s) {
        return s.matches("[0-9.]+") || s.contains(":");
    }
}
