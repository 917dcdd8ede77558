package dev.fieldgate.field.serial;

/** A received line or frame is not a valid message; it is dropped and counted under {@link #reason()}. */
public class FrameRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final DropReason reason;

    /** @param reason the counter it goes to @param message what was wrong */
    public FrameRejectedException(final DropReason reason, final String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    /** @return why the frame was dropped. */
    public DropReason reason() {
        return reason;
    }
}
