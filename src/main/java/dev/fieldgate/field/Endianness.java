package dev.fieldgate.field;

import java.util.Locale;
import java.util.Optional;

/** Big or little: used for the byte order inside a register and for the word order across registers. */
public enum Endianness {
    BIG,
    LITTLE;

    /** @return the endianness named {@code big} or {@code little} (any case), or empty. */
    public static Optional<Endianness> fromConfigName(final String name) {
        switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "big": return Optional.of(BIG);
            case "little": return Optional.of(LITTLE);
            default: return Optional.empty();
        }
    }

    /** @return {@code big} or {@code little}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
