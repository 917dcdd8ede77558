package dev.fieldgate.field;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Reads and writes on request, run by the thread that owns the device's connection, between its polls, so
 * that requests never collide on the wire. Every future completes: with the result, or exceptionally with a
 * {@link FieldOperationException}.
 */
public interface DeviceControl {

    /**
     * Writes one point and reads it back.
     *
     * @param deviceId        the device
     * @param point           the point; must be writable
     * @param value           engineering value: Number, Boolean (coil) or String (string point)
     * @param deadlineMillis  epoch ms after which the request is dropped with {@link FieldFailure#EXPIRED}
     *                        instead of waiting for an unreachable device
     */
    CompletableFuture<WriteOutcome> write(String deviceId, Point point, Object value, long deadlineMillis);

    /**
     * Reads points now, outside their schedule.
     *
     * @param deviceId        the device
     * @param points          points of that device
     * @param deadlineMillis  as for {@link #write}
     */
    CompletableFuture<List<Reading>> read(String deviceId, List<Point> points, long deadlineMillis);
}
