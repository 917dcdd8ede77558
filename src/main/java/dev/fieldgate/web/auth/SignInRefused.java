package dev.fieldgate.web.auth;

/** A sign-in that did not succeed; the message is safe to show (it never says whether the name exists). */
public final class SignInRefused extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    /**
     * @param message            what to show
     * @param retryAfterSeconds  how long the account is locked, 0 when it is not
     */
    public SignInRefused(final String message, final long retryAfterSeconds) {
        super(message);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** @return seconds until the next attempt is taken, 0 when now. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
