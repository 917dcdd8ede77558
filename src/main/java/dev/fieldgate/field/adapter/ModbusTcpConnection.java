package dev.fieldgate.field.adapter;

import java.time.Duration;
import java.util.Objects;

/**
 * Where a Modbus TCP field connection goes and how patiently it is used.
 *
 * @param host          device or gateway host name or IP
 * @param port          TCP port, usually 502
 * @param timeout       answer timeout per request, also the connect timeout
 * @param reconnectMax  longest wait between reconnect attempts (backoff starts at 1 s and doubles, with jitter)
 */
public record ModbusTcpConnection(String host, int port, Duration timeout, Duration reconnectMax) {

    /** Checks the parts. */
    public ModbusTcpConnection {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(reconnectMax, "reconnectMax");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " outside 1..65535");
        }
    }

    /** @return {@code modbus-tcp://host:port}, the form used in logs. */
    public String uri() {
        return "modbus-tcp://" + host + ":" + port;
    }
}
