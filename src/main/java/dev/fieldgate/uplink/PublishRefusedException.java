package dev.fieldgate.uplink;

/**
 * The broker refused a publish for a reason retrying cannot fix (MQTT 5 PUBACK reason code such as
 * 0x87 not authorized or 0x90 topic name invalid). Fatal for that message only.
 */
public class PublishRefusedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** @param message the reason code and string the broker gave */
    public PublishRefusedException(final String message) {
        super(message);
    }
}
