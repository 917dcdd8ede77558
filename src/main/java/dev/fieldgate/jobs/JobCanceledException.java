package dev.fieldgate.jobs;

/** The service ended the execution (CANCELED, REMOVED, TIMED_OUT) while the gateway ran it. */
final class JobCanceledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    JobCanceledException(final String reason) {
        super(reason);
    }
}
