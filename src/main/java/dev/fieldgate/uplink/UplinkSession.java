package dev.fieldgate.uplink;

import java.nio.file.Path;

/**
 * The one upstream session, for the capabilities that use it: provisioning connects it under the right identity,
 * shadows and commands publish control messages, tunnels subscribe. Valid from the uplink's start slot on.
 */
public interface UplinkSession {

    /** @return the session, to subscribe on */
    Uplink uplink();

    /** @return the paced publisher for control messages (shadow requests, command replies) */
    ControlPublisher control();

    /**
     * Connects with this certificate and key instead of the configured ones (a provisioned identity).
     *
     * @throws NullPointerException when either is null
     */
    void useIdentity(Path cert, Path key);

    /** Starts connecting; returns at once, the session keeps reconnecting by itself. */
    void connect();
}
