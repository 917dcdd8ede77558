package dev.fieldgate.field.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * A field connection over TCP: a Modbus TCP device or gateway, or a serial device server carrying RTU frames.
 *
 * @param host          host name or IP
 * @param port          TCP port, usually 502
 * @param timeout       answer timeout per request, also the connect timeout
 * @param reconnectMax  longest wait between reconnect attempts (backoff starts at 1 s and doubles, with jitter)
 */
public record TcpEndpoint(String host, int port, Duration timeout, Duration reconnectMax) implements FieldConnection {

    /** Checks the parts. */
    public TcpEndpoint {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
    }

    @Override
    public String address() {
        return host + ":" + port;
    }
}
