package dev.fieldgate.uplink;

/**
 * The upstream session's state.
 *
 * @param connected   CONNACK received and not disconnected since
 * @param endpoint    {@code host:port}
 * @param since       epoch ms of the last state change
 * @param lastError   the last connection error, without secrets; null when none
 * @param sessionPresent whether the broker resumed the previous session at the last connect
 */
public record UplinkStatus(boolean connected, String endpoint, long since, String lastError, boolean sessionPresent) {
}
