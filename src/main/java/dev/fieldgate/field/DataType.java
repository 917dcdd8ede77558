package dev.fieldgate.field;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How the raw bits of a point are interpreted. */
public enum DataType {
    /** A coil or discrete input. */
    BOOL("bool", 1),
    /** One bit of a 16-bit register, selected by the point's {@code bit} (0 = least significant). */
    BIT("bit", 1),
    INT16("int16", 1),
    UINT16("uint16", 1),
    INT32("int32", 2),
    UINT32("uint32", 2),
    INT64("int64", 4),
    FLOAT32("float32", 2),
    FLOAT64("float64", 4),
    /** Characters packed two per register; its length in registers comes from the point's {@code count}. */
    STRING("string", 0);

    private final String configName;
    private final int registers;

    DataType(final String configName, final int registers) {
        this.configName = configName;
        this.registers = registers;
    }

    /** @return the name used in adapter files. */
    public String configName() {
        return configName;
    }

    /**
     * @return the fixed width in registers (bits for BOOL), or 0 for STRING whose width is configured.
     */
    public int fixedWidth() {
        return registers;
    }

    /** @return true for the numeric types that scale and offset apply to. */
    public boolean isNumeric() {
        return this != BOOL && this != BIT && this != STRING;
    }

    /** @return the data type whose adapter-file name is {@code name}, or empty. */
    public static Optional<DataType> fromConfigName(final String name) {
        final String n = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.configName.equals(n)).findFirst();
    }
}
