package dev.fieldgate.field;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The four Modbus data tables (Modbus Application Protocol V1.1b §4.3).
 * Bit tables hold booleans, register tables hold 16-bit words.
 */
public enum RegisterType {
    COIL("coil", true, true),
    DISCRETE_INPUT("discrete-input", true, false),
    INPUT_REGISTER("input-register", false, false),
    HOLDING_REGISTER("holding-register", false, true);

    /** Read Coils / Read Discrete Inputs (FC 1/2) carry at most 2000 bits (§6.1, §6.2). */
    public static final int MAX_BITS_PER_REQUEST = 2000;
    /** Read Holding / Input Registers (FC 3/4) carry at most 125 registers (§6.3, §6.4). */
    public static final int MAX_REGISTERS_PER_REQUEST = 125;

    private final String configName;
    private final boolean bitTable;
    private final boolean writable;

    RegisterType(final String configName, final boolean bitTable, final boolean writable) {
        this.configName = configName;
        this.bitTable = bitTable;
        this.writable = writable;
    }

    /** @return the kebab-case name used in adapter files, e.g. {@code holding-register}. */
    public String configName() {
        return configName;
    }

    /** @return true for coils and discrete inputs, whose items are single bits. */
    public boolean isBitTable() {
        return bitTable;
    }

    /** @return true when the master may write this table (coils, holding registers). */
    public boolean isWritable() {
        return writable;
    }

    /** @return the largest item count a single read request may ask for. */
    public int maxItemsPerRequest() {
        return bitTable ? MAX_BITS_PER_REQUEST : MAX_REGISTERS_PER_REQUEST;
    }

    /**
     * Looks a table up by its adapter-file name; accepts the common short aliases too.
     *
     * @param name e.g. {@code holding-register}, {@code holding}, {@code hr}
     * @return the table, or empty when the name is unknown
     */
    public static Optional<RegisterType> fromConfigName(final String name) {
        final String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        return Arrays.stream(values())
                .filter(t -> t.configName.equals(n) || t.aliases().contains(n))
                .findFirst();
    }

    private java.util.List<String> aliases() {
        switch (this) {
            case COIL: return java.util.List.of("coils", "co");
            case DISCRETE_INPUT: return java.util.List.of("discrete-inputs", "di", "discrete");
            case INPUT_REGISTER: return java.util.List.of("input-registers", "ir", "input");
            default: return java.util.List.of("holding-registers", "hr", "holding");
        }
    }
}
