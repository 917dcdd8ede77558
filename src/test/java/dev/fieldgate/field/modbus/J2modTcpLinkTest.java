package dev.fieldgate.field.modbus;

import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.RegisterType;
import dev.fieldgate.field.adapter.TcpEndpoint;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real TCP peers that are not Modbus devices: a port that answers with something else is a garbled frame, a peer
 * that hangs up is a lost connection, a port that stays silent is a timeout. Operators read the three differently
 * (wrong port or device, network, busy device).
 */
class J2modTcpLinkTest {

    /** What a peer does with one accepted connection. */
    private interface Conversation {
        void run(Socket socket) throws IOException;
    }

    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    @Test
    void should_call_an_answer_that_is_not_modbus_a_bad_frame() throws IOException {
        // the adapter points at the wrong port: a web server answers every request
        final byte[] http = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        readThrough(peer(s -> {
            final InputStream in = s.getInputStream();
            while (in.read(new byte[260]) > 0) {
                s.getOutputStream().write(http);
            }
        })).isInstanceOf(ModbusFrameException.class).hasMessageContaining("not a Modbus TCP frame");
    }

    @Test
    void should_call_a_connection_the_peer_closes_a_lost_connection() throws IOException {
        readThrough(peer(s -> s.getInputStream().read(new byte[260])))   // takes the request and hangs up
                .isInstanceOf(FieldLinkException.class).hasMessageContaining("lost");
    }

    @Test
    void should_call_silence_a_timeout() throws IOException {
        readThrough(peer(s -> {
            final InputStream in = s.getInputStream();
            while (in.read(new byte[260]) > 0) {
                // never answers
            }
        })).isInstanceOf(ModbusTimeoutException.class).hasMessageContaining("no answer");
    }

    /** @return what reading two registers through a fresh link to {@code endpoint} threw */
    private static AbstractThrowableAssert<?, ? extends Throwable> readThrough(final TcpEndpoint endpoint) {
        final J2modTcpLink link = new J2modTcpLink(endpoint, false, "modbus-tcp://127.0.0.1");
        link.open();
        try {
            return assertThatThrownBy(() -> link.readRegisters(1, RegisterType.HOLDING_REGISTER, 0, 2));
        } finally {
            link.close();
        }
    }

    /** Accepts connections and holds each {@code conversation}. */
    private TcpEndpoint peer(final Conversation conversation) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    conversation.run(s);
                } catch (final IOException e) {
                    // the link closed its side, or the test ended
                }
            }
        }, "not-a-modbus-device");
        t.setDaemon(true);
        t.start();
        return new TcpEndpoint("127.0.0.1", server.getLocalPort(), Duration.ofMillis(300), Duration.ofSeconds(60));
    }
}
