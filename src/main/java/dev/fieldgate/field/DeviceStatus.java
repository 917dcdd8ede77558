package dev.fieldgate.field;

/**
 * How a device is doing, as its reader sees it.
 *
 * @param deviceId      the device
 * @param reachable     false while its connection is down or it does not answer
 * @param lastGoodAt    epoch ms of the last answer, 0 when none yet
 * @param lastError     the latest failure, or null when the last attempt succeeded
 */
public record DeviceStatus(String deviceId, boolean reachable, long lastGoodAt, String lastError) {
}
