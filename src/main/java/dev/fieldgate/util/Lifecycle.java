package dev.fieldgate.util;

import jakarta.interceptor.Interceptor;
import org.jboss.logging.Logger;

/**
 * The start and stop order of the capabilities, in one place. Each capability's composition root observes
 * Quarkus' {@code StartupEvent} and {@code ShutdownEvent} with one of these priorities (lower runs first), so the
 * order is explicit and a new capability takes a slot instead of editing a central class.
 *
 * <p>Why this order: the outbox opens before anything may store a reading; the uplink connects while the
 * adapters come up, so a backlog starts to drain at once; every reading sink joins before the first poll; the
 * cloud-facing handlers subscribe before the uplink lets in what the broker delivered meanwhile. Stopping runs
 * the other way: polling stops first, so every reading accepted before shutdown is committed before the outbox
 * closes.
 */
public final class Lifecycle {

    private static final Logger LOG = Logger.getLogger(Lifecycle.class);

    /**
     * Quarkus' own observers (messaging wires its channels at 1000) run below {@code Interceptor.Priority.APPLICATION};
     * the gateway's capabilities start after them, as the single Gateway class did at the default priority.
     */
    private static final int APP = Interceptor.Priority.APPLICATION;

    /** The data directory is made owner-only before anything writes into it. */
    public static final int START_DATA_DIR = APP + 50;
    /** The demo's embedded broker: up before the uplink connects to it. */
    public static final int START_DEMO_BROKER = APP + 100;
    /** The outbox opens. */
    public static final int START_BUFFER = APP + 200;
    /** Uplink, pacer and drainer are built; the drainer starts. */
    public static final int START_UPLINK = APP + 300;
    /** The uplink connects, under the provisioned identity, after provisioning by claim, or with the configured one. */
    public static final int START_CONNECT = APP + 400;
    /** Adapter files are read and checked; nothing polls yet. */
    public static final int START_ADAPTERS_LOADED = APP + 500;
    /** The durable buffer joins the readings' fan-out first: what it accepted is safe whatever the others do. */
    public static final int START_TELEMETRY = APP + 600;
    /** Then the latest values for the page and the mirror to the plant broker. */
    public static final int START_LOCAL_SINKS = APP + 650;
    /** The local shadow cache and its reporter. */
    public static final int START_SHADOWS = APP + 700;
    /** The demo's simulated devices answer. */
    public static final int START_DEMO_DEVICES = APP + 750;
    /** The adapters start polling. */
    public static final int START_POLLING = APP + 800;
    /** Cloud-facing handlers subscribe: commands, shadow sync, tunnels. */
    public static final int START_HANDLERS = APP + 900;
    /** The uplink lets in what the broker delivered before the handlers subscribed. */
    public static final int START_INBOUND = APP + 1000;
    /** Everything is up: checks over what the start created. */
    public static final int START_DONE = APP + 1100;

    /** Polling stops: no reading is accepted after this. */
    public static final int STOP_POLLING = APP + 100;
    /** Cloud-facing handlers and provisioning close. */
    public static final int STOP_HANDLERS = APP + 200;
    /** The drainer and the uplink stop. */
    public static final int STOP_UPLINK = APP + 300;
    /** The outbox commits what it holds and closes its file. */
    public static final int STOP_BUFFER = APP + 400;
    /** The small local stores (shadows) close. */
    public static final int STOP_STORES = APP + 500;
    /** The demo's broker and devices stop last: the uplink talked to them. */
    public static final int STOP_DEMO = APP + 600;

    private Lifecycle() {
    }

    /**
     * Runs one capability's stop step so that a failure there cannot skip the others: the container stops calling
     * observers at the first exception, and the outbox must still commit and close after a failed step before it.
     */
    public static void stopStep(final String what, final Runnable step) {
        try {
            step.run();
        } catch (final RuntimeException e) {
            LOG.errorf(e, "Stopping %s failed; the other capabilities stop anyway", what);
        }
    }
}
