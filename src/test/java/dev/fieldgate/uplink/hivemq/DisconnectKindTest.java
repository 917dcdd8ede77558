package dev.fieldgate.uplink.hivemq;

import com.hivemq.client.mqtt.exceptions.ConnectionClosedException;
import com.hivemq.client.mqtt.exceptions.ConnectionFailedException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;

import static org.assertj.core.api.Assertions.assertThat;

class DisconnectKindTest {

    @Test
    void should_take_only_a_bare_close_before_connack_for_a_registration() {
        assertThat(DisconnectKind.closedBeforeConnAck(new ConnectionClosedException("Server closed connection"))).isTrue();
        // a refused certificate: the alert travels below the close
        assertThat(DisconnectKind.closedBeforeConnAck(new ConnectionClosedException(
                new SSLHandshakeException("Received fatal alert: unknown_ca")))).isFalse();
        assertThat(DisconnectKind.closedBeforeConnAck(new ConnectionFailedException("connection refused"))).isFalse();
    }
}
