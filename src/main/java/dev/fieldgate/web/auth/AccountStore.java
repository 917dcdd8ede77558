package dev.fieldgate.web.auth;

import dev.fieldgate.util.H2Files;
import io.quarkus.elytron.security.common.BcryptUtil;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Local accounts in H2 ({@code data/accounts/}), passwords as bcrypt hashes (Elytron), with a lockout that
 * doubles after every five failed attempts in a row, from 30 s up to 15 min. Thread-safe.
 */
public final class AccountStore implements AutoCloseable {

    /** Sign-in names. */
    public static final Pattern NAME = Pattern.compile("[a-z][a-z0-9._-]{1,31}");
    /** Shortest password accepted. */
    public static final int MIN_PASSWORD = 12;
    private static final int BCRYPT_COST = 12;
    /** Unknown names whose failures are remembered; a bound, so that guessing names cannot fill memory. */
    private static final int UNKNOWN_NAMES_KEPT = 1024;

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS account (name VARCHAR(32) PRIMARY KEY, "
            + "role VARCHAR(16) NOT NULL, hash VARCHAR(100) NOT NULL, failures INT NOT NULL, locked_until BIGINT NOT NULL)";

    private final Connection connection;
    private final Map<String, long[]> unknownNames = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(final Map.Entry<String, long[]> eldest) {
            return size() > UNKNOWN_NAMES_KEPT;
        }
    };

    /** Opens or creates the store in {@code dir}. */
    public AccountStore(final Path dir) {
        this.connection = H2Files.open(dir, "accounts", SCHEMA);
    }

    /** @return true when at least one administrator exists. */
    public synchronized boolean hasAdmin() {
        return list().stream().anyMatch(a -> a.role() == Role.ADMIN);
    }

    /** @return all accounts, by name. */
    public synchronized List<Account> list() {
        final List<Account> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT name, role FROM account ORDER BY name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Account(rs.getString(1), Role.valueOf(rs.getString(2))));
            }
            return out;
        } catch (final SQLException e) {
            throw new IllegalStateException("accounts: " + e.getMessage(), e);
        }
    }

    /** Refused: the change would leave the gateway without an administrator until setup is reopened. */
    public static final class LastAdministratorException extends IllegalStateException {

        LastAdministratorException(final String name) {
            super(name + " is the last administrator: make another account administrator first");
        }
    }

    /**
     * Creates an account, or sets a new password and role for an existing one.
     *
     * @throws IllegalArgumentException    naming what is wrong with the name or password
     * @throws LastAdministratorException when it would demote the last administrator
     */
    public synchronized void save(final String name, final Role role, final String password) {
        checkName(name);
        checkPassword(password);
        if (role != Role.ADMIN) {
            keepAnAdministrator(name);
        }
        try (PreparedStatement ps = connection.prepareStatement("MERGE INTO account (name, role, hash, failures, "
                + "locked_until) KEY (name) VALUES (?, ?, ?, 0, 0)")) {
            ps.setString(1, name);
            ps.setString(2, role.name());
            ps.setString(3, BcryptUtil.bcryptHash(password, BCRYPT_COST));
            ps.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("accounts: " + e.getMessage(), e);
        }
    }

    /**
     * Deletes an account.
     *
     * @return false when there was none
     * @throws LastAdministratorException when it is the last administrator
     */
    public synchronized boolean delete(final String name) {
        keepAnAdministrator(name);
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM account WHERE name = ?")) {
            ps.setString(1, name);
            return ps.executeUpdate() == 1;
        } catch (final SQLException e) {
            throw new IllegalStateException("accounts: " + e.getMessage(), e);
        }
    }

    // checked under the store's lock, so two administrators demoting each other at once cannot both succeed
    private void keepAnAdministrator(final String name) {
        final List<Account> admins = list().stream().filter(a -> a.role() == Role.ADMIN).toList();
        if (admins.size() == 1 && admins.get(0).name().equals(name)) {
            throw new LastAdministratorException(name);
        }
    }

    /**
     * Checks a sign-in.
     *
     * @return the account
     * @throws SignInRefused for a wrong name or password (the same message for both), or a locked account
     */
    public synchronized Account verify(final String name, final String password) {
        final long now = System.currentTimeMillis();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT role, hash, failures, locked_until FROM account WHERE name = ?")) {
            ps.setString(1, name == null ? "" : name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw unknown(name == null ? "" : name, password, now);
                }
                final long lockedUntil = rs.getLong(4);
                if (lockedUntil > now) {
                    throw Lockout.locked(lockedUntil, now);
                }
                // bcrypt runs for a missing password too: a fast answer would tell that the name exists
                if (!matches(password == null ? "" : password, rs.getString(2)) || password == null) {
                    fail(name, rs.getInt(3) + 1, now);
                    throw wrong();
                }
                reset(name);
                return new Account(name, Role.valueOf(rs.getString(1)));
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("accounts: " + e.getMessage(), e);
        }
    }

    /** Made on the first sign-in with an unknown name, not at start: a bcrypt hash takes a quarter second. */
    private static final class DummyHash {
        static final String VALUE = BcryptUtil.bcryptHash("not a password of anyone", BCRYPT_COST);
    }

    /**
     * An unknown name answers exactly as a known one with a wrong password does, lock included: otherwise the lock
     * after five tries would tell which names exist. Failures are counted in memory, for a bounded set of names.
     */
    private SignInRefused unknown(final String name, final String password, final long now) {
        if (!NAME.matcher(name).matches()) {
            // no account can have this name: nothing to hide, nothing to remember
            matches(password == null ? "" : password, DummyHash.VALUE);
            return wrong();
        }
        final long[] state = unknownNames.computeIfAbsent(name, n -> new long[2]);   // failures, locked until
        if (state[1] > now) {
            return Lockout.locked(state[1], now);
        }
        // the same work as for a real account, so that timing does not tell which names exist
        matches(password == null ? "" : password, DummyHash.VALUE);
        state[0]++;
        state[1] = Lockout.lockedUntil((int) state[0], now);
        return wrong();
    }

    private void fail(final String name, final int failures, final long now) throws SQLException {
        final long lockedUntil = Lockout.lockedUntil(failures, now);
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE account SET failures = ?, locked_until = ? WHERE name = ?")) {
            ps.setInt(1, failures);
            ps.setLong(2, lockedUntil);
            ps.setString(3, name);
            ps.executeUpdate();
        }
    }

    private void reset(final String name) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE account SET failures = 0, locked_until = 0 WHERE name = ?")) {
            ps.setString(1, name);
            ps.executeUpdate();
        }
    }

    private static SignInRefused wrong() {
        return new SignInRefused("Wrong name or password.", 0);
    }

    private static boolean matches(final String password, final String hash) {
        return BcryptUtil.matches(password, hash);
    }

    /** @throws IllegalArgumentException naming the rule */
    public static void checkName(final String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("The name must be 2-32 of a-z 0-9 . _ - and start with a letter.");
        }
    }

    /** @throws IllegalArgumentException naming the rule */
    public static void checkPassword(final String password) {
        if (password == null || password.length() < MIN_PASSWORD || password.length() > 128) {
            throw new IllegalArgumentException("The password must have " + MIN_PASSWORD + " to 128 characters.");
        }
        if (password.isBlank() || password.chars().distinct().count() < 5) {
            throw new IllegalArgumentException("The password is too simple: use at least five different characters.");
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (final SQLException e) {
            // best effort
        }
    }
}
