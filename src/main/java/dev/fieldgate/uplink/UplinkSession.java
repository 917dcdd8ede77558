package dev.fieldgate.uplink;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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

    /** @return the certificate and key the session connects with now */
    ClientCertificate clientCertificate();

    /**
     * Connects with another certificate and key from now on (a certificate rotation): the connection in use is
     * closed and a new one made with the new files.
     *
     * @param window how long the broker has to accept the new connection (CONNACK)
     * @return completes with true once connected within the window, false when not; the session then goes on
     *         trying with the new files until it is switched again (back to the old ones, typically)
     * @throws NullPointerException when an argument is null
     */
    CompletableFuture<Boolean> switchIdentity(ClientCertificate to, Duration window);
}
