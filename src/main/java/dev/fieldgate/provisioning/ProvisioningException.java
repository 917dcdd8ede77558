package dev.fieldgate.provisioning;

/** A provisioning step the service refused or did not answer. */
public final class ProvisioningException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;
    private final boolean tokenExpired;

    /**
     * @param message       what failed, with the service's status and error code
     * @param retryable     true for throttling, server errors and timeouts
     * @param tokenExpired  true when the certificate ownership token is no longer accepted
     */
    public ProvisioningException(final String message, final boolean retryable, final boolean tokenExpired) {
        super(message);
        this.retryable = retryable;
        this.tokenExpired = tokenExpired;
    }

    /** @return true when trying again soon may succeed. */
    public boolean retryable() {
        return retryable;
    }

    /** @return true when the flow must start again from a new certificate. */
    public boolean tokenExpired() {
        return tokenExpired;
    }
}
