package dev.fieldgate.buffer;

/** Messages were not accepted because the outbox or its intake queue is full. Retryable later. */
public class BufferFullException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message which limit was reached */
    public BufferFullException(final String message) {
        super(message);
    }
}
