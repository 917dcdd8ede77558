package dev.fieldgate.field.modbus;

import dev.fieldgate.field.Device;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldOperationException;

import java.util.concurrent.CompletableFuture;

/**
 * A read or write asked for outside the poll schedule, waiting for the poller thread.
 *
 * @param device          the target device
 * @param deadlineMillis  epoch ms after which it is dropped instead of run
 * @param operation       what to do on the wire
 * @param result          completed by the poller thread
 * @param <T>             the result type
 */
record ControlRequest<T>(Device device, long deadlineMillis, Operation<T> operation, CompletableFuture<T> result) {

    /** The wire work of a request; runs on the poller thread with the link open. */
    interface Operation<T> {
        T run(ModbusLink link, Device device) throws ModbusDeviceException, ModbusTimeoutException, ModbusFrameException;
    }

    boolean expired(final long nowMillis) {
        return nowMillis > deadlineMillis;
    }

    void expire() {
        result.completeExceptionally(new FieldOperationException(FieldFailure.EXPIRED, "device " + device.id()
                + " did not become reachable before the request expired"));
    }
}
