package dev.fieldgate.buffer;

/** The store cannot read or write (disk full, file damaged, closed). Nothing was accepted. */
public class BufferUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed @param cause the database error */
    public BufferUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
