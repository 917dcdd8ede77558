package dev.fieldgate.web.auth;

import java.util.Locale;
import java.util.Optional;

/** What a signed-in person may do; each role includes the ones before it. */
public enum Role {
    /** Sees devices, values and status. */
    VIEWER,
    /** Also edits adapters, runs test reads and writes. */
    TECHNICIAN,
    /** Also manages accounts. */
    ADMIN;

    /** @return true when this role includes {@code other}. */
    public boolean includes(final Role other) {
        return ordinal() >= other.ordinal();
    }

    /** @return the role named (any case), or empty. */
    public static Optional<Role> of(final String name) {
        try {
            return Optional.of(valueOf(name.trim().toUpperCase(Locale.ROOT)));
        } catch (final IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }
}
