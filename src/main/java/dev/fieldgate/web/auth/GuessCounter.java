package dev.fieldgate.web.auth;

/** Counts wrong guesses of one secret (the setup code) and locks it as {@link Lockout} says. Thread-safe. */
public final class GuessCounter {

    private int failures;
    private long lockedUntil;

    /** @throws SignInRefused while locked, with the seconds left */
    public synchronized void check(final long now) {
        if (lockedUntil > now) {
            throw Lockout.locked(lockedUntil, now);
        }
    }

    /** Counts a wrong guess; the fifth in a row locks. */
    public synchronized void failed(final long now) {
        failures++;
        lockedUntil = Lockout.lockedUntil(failures, now);
    }
}
