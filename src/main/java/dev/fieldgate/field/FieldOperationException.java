package dev.fieldgate.field;

import java.util.Objects;

/** A read or write on request that did not succeed, with the reason as a code and a sentence. */
public final class FieldOperationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FieldFailure failure;

    /**
     * @param failure  the reason's code
     * @param message  what happened, naming the device and point
     */
    public FieldOperationException(final FieldFailure failure, final String message) {
        super(message);
        this.failure = Objects.requireNonNull(failure, "failure");
    }

    /** @return the reason's code. */
    public FieldFailure failure() {
        return failure;
    }
}
