package dev.fieldgate.util;

/** A certificate, key or CA file is missing or unusable. The message names the file, never its content. */
public class TlsMaterialException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message which file and what is wrong */
    public TlsMaterialException(final String message) {
        super(message);
    }
}
