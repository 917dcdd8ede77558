package dev.fieldgate.util;

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

    /** The demo's embedded broker: up before the uplink connects to it. */
    public static final int START_DEMO_BROKER = 100;
    /** The outbox opens. */
    public static final int START_BUFFER = 200;
    /** Uplink, pacer and drainer are built; the drainer starts. */
    public static final int START_UPLINK = 300;
    /** The uplink connects, under the provisioned identity, after provisioning by claim, or with the configured one. */
    public static final int START_CONNECT = 400;
    /** Adapter files are read and checked; nothing polls yet. */
    public static final int START_ADAPTERS_LOADED = 500;
    /** The durable buffer joins the readings' fan-out first: what it accepted is safe whatever the others do. */
    public static final int START_TELEMETRY = 600;
    /** The local shadow cache and its reporter. */
    public static final int START_SHADOWS = 700;
    /** The demo's simulated devices answer. */
    public static final int START_DEMO_DEVICES = 750;
    /** The adapters start polling. */
    public static final int START_POLLING = 800;
    /** Cloud-facing handlers subscribe: commands, shadow sync, tunnels. */
    public static final int START_HANDLERS = 900;
    /** The uplink lets in what the broker delivered before the handlers subscribed. */
    public static final int START_INBOUND = 1000;

    /** Polling stops: no reading is accepted after this. */
    public static final int STOP_POLLING = 100;
    /** Cloud-facing handlers and provisioning close. */
    public static final int STOP_HANDLERS = 200;
    /** The drainer and the uplink stop. */
    public static final int STOP_UPLINK = 300;
    /** The outbox commits what it holds and closes its file. */
    public static final int STOP_BUFFER = 400;
    /** The small local stores (shadows) close. */
    public static final int STOP_STORES = 500;
    /** The demo's broker and devices stop last: the uplink talked to them. */
    public static final int STOP_DEMO = 600;

    private Lifecycle() {
    }
}
