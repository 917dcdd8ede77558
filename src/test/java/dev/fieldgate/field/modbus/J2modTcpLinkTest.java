package dev.fieldgate.field.modbus;

import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.RegisterType;
import dev.fieldgate.field.adapter.TcpEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Real TCP peers that are not Modbus devices: a port that answers with something else is a garbled frame, a port
 * that stays silent is a timeout. Operators read the two differently (wrong port or device vs. busy device).
 */
class J2modTcpLinkTest {

    private ServerSocket server;

    @AfterEach
    void close() throws IOException {
        server.close();
    }

    /** Accepts connections and answers every request with {@code answer} (nothing when it is null). */
    private TcpEndpoint peer(final byte[] answer) throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    final InputStream in = s.getInputStream();
                    final OutputStream out = s.getOutputStream();
                    final byte[] request = new byte[260];
                    while (in.read(request) > 0) {
                        if (answer != null) {
                            out.write(answer);
                            out.flush();
                        }
                    }
                } catch (final IOException e) {
                    // the link closed its side, or the test ended
                }
            }
        }, "not-a-modbus-device");
        t.setDaemon(true);
        t.start();
        return new TcpEndpoint("127.0.0.1", server.getLocalPort(), Duration.ofMillis(300), Duration.ofSeconds(60));
    }

    @Test
    void should_call_an_answer_that_is_not_modbus_a_bad_frame() throws IOException {
        // the adapter points at the wrong port: a web server answers
        final J2modTcpLink link = new J2modTcpLink(peer("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII)), false, "modbus-tcp://127.0.0.1");
        link.open();
        try {
            assertThatThrownBy(() -> link.readRegisters(1, RegisterType.HOLDING_REGISTER, 0, 2))
                    .isInstanceOf(ModbusFrameException.class).hasMessageContaining("not a Modbus TCP frame");
        } finally {
            link.close();
        }
    }

    @Test
    void should_call_a_connection_the_peer_closes_a_lost_connection() throws IOException {
        server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        final Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    s.getInputStream().read(new byte[260]);   // takes the request and hangs up
                } catch (final IOException e) {
                    // the test ended
                }
            }
        }, "hangs-up");
        t.setDaemon(true);
        t.start();
        final J2modTcpLink link = new J2modTcpLink(new TcpEndpoint("127.0.0.1", server.getLocalPort(),
                Duration.ofMillis(300), Duration.ofSeconds(60)), false, "modbus-tcp://127.0.0.1");
        link.open();
        try {
            assertThatThrownBy(() -> link.readRegisters(1, RegisterType.HOLDING_REGISTER, 0, 2))
                    .isInstanceOf(FieldLinkException.class).hasMessageContaining("lost");
        } finally {
            link.close();
        }
    }

    @Test
    void should_call_silence_a_timeout() throws IOException {
        final J2modTcpLink link = new J2modTcpLink(peer(null), false, "modbus-tcp://127.0.0.1");
        link.open();
        try {
            assertThatThrownBy(() -> link.readRegisters(1, RegisterType.HOLDING_REGISTER, 0, 2))
                    .isInstanceOf(ModbusTimeoutException.class).hasMessageContaining("no answer");
        } finally {
            link.close();
        }
    }
}
