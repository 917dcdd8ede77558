package dev.fieldgate.sparkplug;

/** A payload or topic that is not valid Sparkplug B; the message is dropped and counted, never fatal. */
public final class SparkplugDecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong, without the payload's content */
    public SparkplugDecodeException(final String message) {
        super(message);
    }

    /** @param message what is wrong; @param cause the parser's exception */
    public SparkplugDecodeException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
