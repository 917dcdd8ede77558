package dev.fieldgate.web.auth;

/**
 * How guessing is slowed down, the same for every secret the page asks for (passwords of existing and of
 * unknown account names, the setup code): five free attempts, then a lock of 30 s that doubles with every five
 * more failures, up to 15 min.
 */
final class Lockout {

    static final int FREE_ATTEMPTS = 5;
    private static final long FIRST_LOCK_MS = 30_000;
    private static final long MAX_LOCK_MS = 15 * 60_000;

    private Lockout() {
    }

    /** @return until when (epoch ms) to refuse after {@code failures} failures in a row, 0 for not locked */
    static long lockedUntil(final int failures, final long now) {
        if (failures < FREE_ATTEMPTS || failures % FREE_ATTEMPTS != 0) {
            return 0;
        }
        final int round = failures / FREE_ATTEMPTS - 1;
        return now + Math.min(MAX_LOCK_MS, FIRST_LOCK_MS << Math.min(round, 10));
    }

    /** @return the refusal for a lock lasting until {@code lockedUntil} */
    static SignInRefused locked(final long lockedUntil, final long now) {
        final long seconds = (lockedUntil - now + 999) / 1000;
        return new SignInRefused("Too many failed attempts: try again in " + seconds + " s.", seconds);
    }
}
