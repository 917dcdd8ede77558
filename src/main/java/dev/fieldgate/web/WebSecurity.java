package dev.fieldgate.web;

import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.WebConfig;
import dev.fieldgate.web.auth.AccountStore;
import dev.fieldgate.web.auth.GuessCounter;
import dev.fieldgate.web.auth.SignInRefused;
import dev.fieldgate.web.auth.Sessions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;

/**
 * Accounts, sessions and the first-run setup code. Until an administrator exists, the page only offers
 * setup, and setup needs the one-time code written to the gateway's log at start: whoever can read the log
 * of the box sets the first password, not whoever reaches the page first. There is no default password.
 */
@ApplicationScoped
public class WebSecurity {

    private static final Logger LOG = Logger.getLogger(WebSecurity.class);

    private final GatewayConfig gateway;
    private final WebConfig config;
    private AccountStore accounts;
    private Sessions sessions;
    private volatile String setupCode;
    private final GuessCounter setupGuesses = new GuessCounter();

    WebSecurity(final GatewayConfig gateway, final WebConfig config) {
        this.gateway = gateway;
        this.config = config;
    }

    void onStart(@Observes final StartupEvent event) {
        accounts = new AccountStore(gateway.dataDir().resolve("accounts"));
        sessions = new Sessions(config.sessionTimeout());
        if (!accounts.hasAdmin()) {
            setupCode = sessions.token().substring(0, 12);
            LOG.warnf("No administrator yet. Open the web page and set the admin password with this one-time setup "
                    + "code: %s", setupCode);
        }
    }

    void onStop(@Observes final ShutdownEvent event) {
        if (accounts != null) {
            accounts.close();
        }
    }

    /** @return the accounts. */
    public AccountStore accounts() {
        return accounts;
    }

    /** @return the sessions. */
    public Sessions sessions() {
        return sessions;
    }

    /** @return true while no administrator exists. */
    public boolean setupNeeded() {
        return setupCode != null;
    }

    /**
     * @return true when {@code code} is the setup code (compared in constant time)
     * @throws SignInRefused for a wrong code after five wrong codes in a row, for 30 s and longer. The right code
     *                       is always taken: a lock must slow guessing, never keep the technician out
     */
    public boolean setupCodeMatches(final String code) {
        final long now = System.currentTimeMillis();
        final String expected = setupCode;
        final boolean matches = expected != null && code != null && MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), code.strip().getBytes(StandardCharsets.UTF_8));
        if (!matches) {
            setupGuesses.check(now);
            setupGuesses.failed(now);
        }
        return matches;
    }

    /** Ends the setup phase once the first administrator exists. */
    public void setupDone() {
        setupCode = null;
    }

    /** @return whether the session cookie gets the Secure flag. */
    public boolean secureCookie() {
        return config.secureCookie();
    }
}
