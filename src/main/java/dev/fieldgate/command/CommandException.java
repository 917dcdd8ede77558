package dev.fieldgate.command;

import java.util.Objects;

/** A command refused or failed, with the error code the requester sees. */
public final class CommandException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String code;

    /**
     * @param code     upper-case error code, e.g. INVALID_REQUEST, OUT_OF_RANGE
     * @param message  what is wrong and where
     */
    public CommandException(final String code, final String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** @return the error code. */
    public String code() {
        return code;
    }

    static CommandException invalid(final String message) {
        return new CommandException("INVALID_REQUEST", message);
    }
}
