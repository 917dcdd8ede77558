package dev.fieldgate.web.auth;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Signed-in sessions, held in memory only (a restart signs everyone out): a random id for the cookie and a
 * random CSRF token that every state-changing request must echo in a header. Idle sessions expire.
 */
public final class Sessions {

    /** One signed-in browser. */
    public static final class Session {
        private final Account account;
        private final String csrfToken;
        private volatile long lastSeenMillis;

        Session(final Account account, final String csrfToken) {
            this.account = account;
            this.csrfToken = csrfToken;
            this.lastSeenMillis = System.currentTimeMillis();
        }

        /** @return who is signed in. */
        public Account account() {
            return account;
        }

        /** @return the token state-changing requests must carry. */
        public String csrfToken() {
            return csrfToken;
        }
    }

    // an instance field, not a static one: a class initialised while the native image is built must not keep a
    // random source (its seed would be frozen into the executable)
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Session> byId = new ConcurrentHashMap<>();
    private final long idleMillis;

    /** @param idleTimeout how long a session lives without a request */
    public Sessions(final Duration idleTimeout) {
        this.idleMillis = idleTimeout.toMillis();
    }

    /** @return a new session's id; the session holds the account and a fresh CSRF token */
    public String open(final Account account) {
        final String id = token();
        byId.put(id, new Session(account, token()));
        return id;
    }

    /** @return the live session for the cookie value, touching it; empty when unknown or expired */
    public Optional<Session> find(final String id) {
        if (id == null) {
            return Optional.empty();
        }
        final Session s = byId.get(id);
        final long now = System.currentTimeMillis();
        if (s == null || now - s.lastSeenMillis > idleMillis) {
            if (s != null) {
                byId.remove(id);
            }
            return Optional.empty();
        }
        s.lastSeenMillis = now;
        return Optional.of(s);
    }

    /** Ends a session. */
    public void close(final String id) {
        if (id != null) {
            byId.remove(id);
        }
    }

    /** Ends every session of an account (deleted or password changed). */
    public void closeAll(final String accountName) {
        byId.values().removeIf(s -> s.account.name().equals(accountName));
    }

    /** @return an unguessable URL-safe token (256 bits). */
    public String token() {
        final byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
