package dev.fieldgate.field.serial;

import java.util.Map;

/**
 * Turns a byte stream from a serial sensor into messages of named fields. Implementations keep the partial
 * frame between calls and resynchronise on the next frame after anything invalid. Not thread-safe.
 */
public interface FrameParser {

    /**
     * Consumes bytes as they arrive.
     *
     * @param data    buffer
     * @param length  bytes of {@code data} to consume
     * @param sink    receives each complete, valid message and each dropped frame
     */
    void feed(byte[] data, int length, Sink sink);

    /** Where parsed messages and drops go. */
    interface Sink {
        /** A valid message: field name → Double, Long, Boolean or String. */
        void message(Map<String, Object> fields);

        /** A frame or run of bytes that was dropped. */
        void dropped(DropReason reason, String detail);
    }
}
