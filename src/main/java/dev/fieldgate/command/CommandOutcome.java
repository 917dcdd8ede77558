package dev.fieldgate.command;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How a command ended.
 *
 * @param status   SUCCEEDED; FAILED (tried, did not work); REJECTED (refused before anything was done)
 * @param result   what was read or written, may be null
 * @param code     the error code when not SUCCEEDED
 * @param message  the error sentence when not SUCCEEDED
 */
public record CommandOutcome(Status status, ObjectNode result, String code, String message) {

    /** Final states of a command. */
    public enum Status { SUCCEEDED, FAILED, REJECTED }

    static CommandOutcome succeeded(final ObjectNode result) {
        return new CommandOutcome(Status.SUCCEEDED, result, null, null);
    }

    static CommandOutcome rejected(final CommandException e) {
        return new CommandOutcome(Status.REJECTED, null, e.code(), e.getMessage());
    }

    static CommandOutcome failed(final ObjectNode result, final String code, final String message) {
        return new CommandOutcome(Status.FAILED, result, code, message);
    }
}
