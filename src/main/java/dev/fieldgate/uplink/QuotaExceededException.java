package dev.fieldgate.uplink;

/**
 * The broker refused a publish for a quota (MQTT 5 PUBACK 0x97): the message is kept and sent again, and the
 * event is counted, since the gateway's pacing exists so that this never happens.
 */
public final class QuotaExceededException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** @param message what the broker said */
    public QuotaExceededException(final String message) {
        super(message);
    }
}
