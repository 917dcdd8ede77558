package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3ConnAckException;
import com.hivemq.client.mqtt.mqtt3.exceptions.Mqtt3DisconnectException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5DisconnectException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;

import javax.net.ssl.SSLException;

/** Sorts a lost or failed connection into what the reconnect policy needs to know: did the broker refuse us? */
final class DisconnectKind {

    private DisconnectKind() {
    }

    /**
     * @param cause what the client reported
     * @return true when the broker refused the gateway (CONNACK with an error code, a DISCONNECT it sent, a TLS
     *         handshake it rejected); false for network failures, which a quick retry can fix
     */
    static boolean refusedByBroker(final Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof Mqtt5ConnAckException || t instanceof Mqtt3ConnAckException
                    || t instanceof Mqtt5DisconnectException || t instanceof Mqtt3DisconnectException
                    || t instanceof SSLException) {
                return true;
            }
            if (t instanceof ConnectionFailedException && t.getCause() == null) {
                return false;
            }
        }
        return false;
    }

    /**
     * @param cause what the client reported for a failed connection attempt
     * @return true when the broker closed the connection after the TLS handshake, without CONNACK or DISCONNECT:
     *         what AWS IoT Core does while it registers a new certificate just in time
     */
    static boolean closedBeforeConnAck(final Throwable cause) {
        boolean closed = false;
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SSLException) {
                return false; // a TLS alert anywhere below: the certificate was refused, not being registered
            }
            closed |= t instanceof ConnectionClosedException;
        }
        return closed;
    }

    /**
     * @param t a connection or subscription failure
     * @return its root cause in one line for the log and the status page, with what to check for a known
     *         certificate problem
     */
    static String describe(final Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String msg = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        final String described = root == t ? msg : t.getClass().getSimpleName() + ": " + msg;
        return TlsFailureHint.of(described).map(hint -> described + " — " + hint).orElse(described);
    }

    /**
     * @param cause what the client reported for a lost connection
     * @return whether the broker disconnected the gateway for a quota (rate, size)
     */
    // a method, not a static set: the HiveMQ client is initialised when the native executable starts, so no
    // class initialised while the image is built may hold its objects
    static boolean forQuota(final Throwable cause) {
        if (!(cause instanceof Mqtt5DisconnectException disconnect)) {
            return false;
        }
        final Mqtt5DisconnectReasonCode code = disconnect.getMqttMessage().getReasonCode();
        return code == Mqtt5DisconnectReasonCode.QUOTA_EXCEEDED || code == Mqtt5DisconnectReasonCode.MESSAGE_RATE_TOO_HIGH
                || code == Mqtt5DisconnectReasonCode.PACKET_TOO_LARGE;
    }
}
