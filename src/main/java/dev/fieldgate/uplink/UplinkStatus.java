package dev.fieldgate.uplink;

/**
 * The upstream session's state.
 *
 * @param connected      CONNACK received and not disconnected since
 * @param endpoint       {@code host:port} in use (or being tried)
 * @param since          epoch ms of the last state change
 * @param lastError      the last connection error, without secrets; null when none
 * @param sessionPresent whether the broker resumed the previous session at the last connect
 * @param transport      how the broker is reached ("mqtts-alpn (ALPN x-amzn-mqtt-ca), client certificate")
 * @param proxy          the proxy in between ({@code http://user:***@host:port}) or "direct"
 * @param onPrimary      whether the endpoint is the primary one
 * @param lastSwitch     the last change of endpoint, or null
 */
public record UplinkStatus(boolean connected, String endpoint, long since, String lastError, boolean sessionPresent,
                           String transport, String proxy, boolean onPrimary, Switch lastSwitch) {

    /** A status without transport details, for doubles and the state before the uplink started. */
    public UplinkStatus(final boolean connected, final String endpoint, final long since, final String lastError,
                        final boolean sessionPresent) {
        this(connected, endpoint, since, lastError, sessionPresent, "mqtts", "direct", true, null);
    }

    /**
     * A change of endpoint.
     *
     * @param from   endpoint left
     * @param to     endpoint taken
     * @param reason why
     * @param at     epoch ms
     */
    public record Switch(String from, String to, String reason, long at) {
    }
}
