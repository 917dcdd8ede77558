package dev.fieldgate.jobs;

/** A job that could not be done and was rolled back; its message is the FAILED update's reason. */
final class JobFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JobFailedException(final String reason) {
        super(reason);
    }

    JobFailedException(final String reason, final Throwable cause) {
        super(reason, cause);
    }
}
