package dev.fieldgate.field.adapter;

/**
 * A problem in one adapter or profile file, located by key path and line. Fatal for that file only.
 */
public class AdapterConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String key;
    private final int line;

    /**
     * @param key     key path inside the file, e.g. {@code devices[0].points[2].data-type}; empty for the whole file
     * @param line    1-based line, 0 when unknown
     * @param message what is wrong, in words a technician understands
     */
    public AdapterConfigException(final String key, final int line, final String message) {
        super(message);
        this.key = key;
        this.line = line;
    }

    /** @return key path inside the file, possibly empty. */
    public String key() {
        return key;
    }

    /** @return 1-based line number, 0 when unknown. */
    public int line() {
        return line;
    }
}
