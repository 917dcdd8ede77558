package dev.fieldgate.field;

import java.util.Objects;
import java.util.Optional;

/**
 * Byte order inside each 16-bit register and word order across the registers of a multi-register value.
 *
 * <p>The letters name the bytes of a 32-bit value from most to least significant (A..D) in the order they
 * appear on the wire: {@code ABCD} is big/big (Modbus' own convention), {@code CDAB} the common
 * "word-swapped" order of many PLCs and meters, {@code BADC} byte-swapped, {@code DCBA} fully little endian.
 *
 * @param byteOrder order of the two bytes inside each register
 * @param wordOrder BIG when the most significant register comes first
 */
public record RegisterOrder(Endianness byteOrder, Endianness wordOrder) {

    /** Modbus' own order: most significant byte and word first. */
    public static final RegisterOrder ABCD = new RegisterOrder(Endianness.BIG, Endianness.BIG);
    /** Word-swapped: low word first, bytes in each word big endian. */
    public static final RegisterOrder CDAB = new RegisterOrder(Endianness.BIG, Endianness.LITTLE);
    /** Byte-swapped: high word first, bytes in each word little endian. */
    public static final RegisterOrder BADC = new RegisterOrder(Endianness.LITTLE, Endianness.BIG);
    /** Fully little endian. */
    public static final RegisterOrder DCBA = new RegisterOrder(Endianness.LITTLE, Endianness.LITTLE);

    /** Validates both parts. */
    public RegisterOrder {
        Objects.requireNonNull(byteOrder, "byteOrder");
        Objects.requireNonNull(wordOrder, "wordOrder");
    }

    /** @return ABCD, CDAB, BADC or DCBA. */
    public String letters() {
        if (byteOrder == Endianness.BIG) {
            return wordOrder == Endianness.BIG ? "ABCD" : "CDAB";
        }
        return wordOrder == Endianness.BIG ? "BADC" : "DCBA";
    }

    /** @return the order named by its letters (ABCD, CDAB, BADC, DCBA; any case), or empty. */
    public static Optional<RegisterOrder> fromLetters(final String letters) {
        for (final RegisterOrder o : new RegisterOrder[] {ABCD, CDAB, BADC, DCBA}) {
            if (o.letters().equalsIgnoreCase(letters.trim())) {
                return Optional.of(o);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return letters();
    }
}
