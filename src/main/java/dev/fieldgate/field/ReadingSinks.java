package dev.fieldgate.field;

/** Where the capabilities that consume readings (telemetry, shadows) join the field side's fan-out. */
public interface ReadingSinks {

    /**
     * Adds a sink every reading batch goes to, after those added before it.
     *
     * @throws IllegalStateException once polling has started: every reader gets the same fan-out
     * @throws NullPointerException  when {@code sink} is null
     */
    void addSink(ReadingSink sink);
}
