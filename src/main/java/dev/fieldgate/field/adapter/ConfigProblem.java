package dev.fieldgate.field.adapter;

import java.util.Objects;

/**
 * Why a file of the adapter directory was rejected.
 *
 * @param file    the file, as given to the loader
 * @param line    1-based line, 0 when unknown
 * @param key     key path inside the file, empty for whole-file problems
 * @param message the reason
 */
public record ConfigProblem(String file, int line, String key, String message) {

    /** Checks the parts. */
    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
    }

    /** @return {@code file:line key: message}, the form printed in logs and shown to technicians. */
    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "") + (key.isEmpty() ? "" : " " + key) + ": " + message;
    }
}
