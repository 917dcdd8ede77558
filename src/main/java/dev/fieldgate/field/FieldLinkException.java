package dev.fieldgate.field;

/**
 * The link to a field connection is down (connection refused or dropped, port gone). Retryable: the
 * poller reconnects with backoff. Per-point failures are never exceptions; they become bad readings.
 */
public class FieldLinkException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the endpoint */
    public FieldLinkException(final String message) {
        super(message);
    }

    /** @param message what failed, naming the endpoint @param cause the I/O error */
    public FieldLinkException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
