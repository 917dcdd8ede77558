package dev.fieldgate.field.modbus;

/** The registers of one point do not make a value; the point's reading becomes BAD_DECODE. */
public class DecodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message what is wrong with the bytes */
    public DecodeException(final String message) {
        super(message);
    }
}
