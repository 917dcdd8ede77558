package dev.fieldgate.uplink.sigv4;

/**
 * No presigned URL could be made: credentials missing, unreadable or refused by their source. The message names
 * what is missing and never carries a secret. {@link #retryable()} tells whether trying again later can help (a
 * credential process that timed out) or only a change of configuration can (no credentials configured at all).
 */
public class SigV4Exception extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    /**
     * @param message what is missing or failed, without secrets
     * @param retryable whether a later attempt may succeed without a configuration change
     */
    public SigV4Exception(final String message, final boolean retryable) {
        super(message);
        this.retryable = retryable;
    }

    /** @return true when a later attempt may succeed as configured; false when the configuration must change */
    public boolean retryable() {
        return retryable;
    }
}
