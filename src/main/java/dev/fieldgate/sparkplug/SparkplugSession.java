package dev.fieldgate.sparkplug;

/** The edge node's MQTT session as the protocol logic sees it. Implementations must not block. */
interface SparkplugSession {

    /**
     * Sends one message, QoS 0, not retained (spec 4.2: births and data are QoS 0).
     *
     * @return false when the session is not connected: the message is dropped (the caller counts it)
     */
    boolean publish(String topic, byte[] payload);

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
