package dev.fieldgate.field.adapter;

import java.time.Duration;

/** Where a field connection goes: a {@link TcpEndpoint} or a {@link dev.fieldgate.field.serial.SerialLine}. */
public interface FieldConnection {

    /** @return {@code host:port} or the serial device path, for messages. */
    String address();

    /** @return how long one request may wait for its answer. */
    Duration timeout();

    /** @return the longest wait between reconnect attempts. */
    Duration reconnectMax();
}
