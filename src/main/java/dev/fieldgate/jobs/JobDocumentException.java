package dev.fieldgate.jobs;

/**
 * A job document the gateway refuses: unknown operation, missing or malformed field, too large. Not retryable: the
 * same document fails the same way, so the job is REJECTED with {@link #getMessage()} as the reason.
 */
public final class JobDocumentException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param reason names the field at fault and what is wrong with it */
    public JobDocumentException(final String reason) {
        super(reason);
    }
}
