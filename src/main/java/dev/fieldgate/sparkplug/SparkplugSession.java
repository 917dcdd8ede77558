package dev.fieldgate.sparkplug;

import java.util.concurrent.CompletableFuture;

/** The edge node's MQTT session as the protocol logic sees it. Implementations must not block. */
interface SparkplugSession {

    /**
     * Sends one message, QoS 0, not retained (spec 4.2: births and data are QoS 0).
     *
     * @return false when the session is not connected: the message is dropped (the caller counts it)
     */
    boolean publish(String topic, byte[] payload);

    /**
     * Sends one message QoS 1, not retained: for stored historical data, which may only be removed from its store
     * once the broker has it.
     *
     * @return completes on the broker's PUBACK; exceptionally when not connected or the connection ends first
     */
    CompletableFuture<Void> publishConfirmed(String topic, byte[] payload);

    /** Ends the session as the specification asks when the primary host goes offline: NDEATH, disconnect, connect again. */
    void restart(String reason);

    /** What the session reports to the protocol logic. Called on the session's thread. */
    interface Listener {

        /** Connected and subscribed, with the will carrying {@code bdSeq}. */
        void connected(long bdSeq);

        /** The connection is gone; a new one will follow with the next bdSeq. */
        void lost();

        /** A message on a subscribed topic. */
        void message(String topic, byte[] payload);
    }
}
