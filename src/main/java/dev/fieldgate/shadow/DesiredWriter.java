package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldOperationException;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.WriteOutcome;
import dev.fieldgate.field.modbus.WriteCheck;
import dev.fieldgate.util.JsonValues;
import dev.fieldgate.util.Futures;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a change of {@code state.desired.points} into writes on the device: each point whose desired value
 * differs from its reported one is checked (writable, type, range), written, read back and then reported,
 * together with the outcome in {@code state.reported.writes.<point>}. A failed write is recorded there with
 * its reason and is not tried again until the desired value changes: never a blind retry on the field bus.
 */
public final class DesiredWriter {

    private static final Logger LOG = Logger.getLogger(DesiredWriter.class);
    /** Key of the write outcomes inside reported. */
    public static final String WRITES = "writes";

    private final ShadowService shadows;
    private final DeviceDirectory devices;
    private final String shadowName;
    private final long timeoutMillis;
    private final Map<String, JsonNode> inProgress = new ConcurrentHashMap<>();

    /**
     * @param shadows     the local cache
     * @param devices     points and their readers
     * @param shadowName  the points shadow's name
     * @param timeout     how long a write may wait for an unreachable device before it fails as EXPIRED
     */
    public DesiredWriter(final ShadowService shadows, final DeviceDirectory devices, final String shadowName,
                         final Duration timeout) {
        this.shadows = Objects.requireNonNull(shadows, "shadows");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.shadowName = Objects.requireNonNull(shadowName, "shadowName");
        this.timeoutMillis = timeout.toMillis();
    }

    /** Listens for desired changes, and acts on what is already desired. */
    public void start() {
        shadows.onChange(change -> {
            if (change.key().name().equals(shadowName) && !change.deleted()
                    && change.origin() != ShadowChange.Origin.GATEWAY) {
                act(change.key().device(), change.current());
            }
        });
        for (final String device : devices.deviceIds()) {
            try {
                act(device, shadows.get(new ShadowKey(device, shadowName)));
            } catch (final ShadowError e) {
                // no shadow yet, nothing desired
            }
        }
    }

    private void act(final String device, final ShadowDocument doc) {
        final JsonNode delta = doc.delta().get(ShadowReporter.POINTS);
        if (delta == null || !delta.isObject()) {
            return;
        }
        final JsonNode outcomes = doc.reported().path(WRITES);
        delta.fields().forEachRemaining(e -> {
            final String point = e.getKey();
            final JsonNode wanted = e.getValue();
            final JsonNode last = outcomes.get(point);
            if (last != null && "FAILED".equals(last.path("status").asText()) && JsonTrees.same(last.get("value"), wanted)) {
                return;
            }
            final String slot = device + "\u0000" + point;
            if (inProgress.putIfAbsent(slot, wanted) != null) {
                return;
            }
            write(device, point, wanted).whenComplete((ok, error) -> inProgress.remove(slot));
        });
    }

    private java.util.concurrent.CompletableFuture<Void> write(final String device, final String pointName,
                                                              final JsonNode wanted) {
        final java.util.concurrent.CompletableFuture<WriteOutcome> result;
        try {
            final Point point = devices.modbusPoint(device, pointName).orElseThrow(() -> new FieldOperationException(
                    devices.pointNames(device).contains(pointName) ? FieldFailure.NOT_WRITABLE : FieldFailure.UNKNOWN_POINT,
                    "device " + device + " has no writable point '" + pointName + "'"));
            if (wanted.isContainerNode()) {
                throw new FieldOperationException(FieldFailure.INVALID_VALUE, "point " + pointName + " of " + device
                        + " takes a number or a boolean, not " + (wanted.isObject() ? "an object" : "an array"));
            }
            final Object value = WriteCheck.validate(device, point, JsonValues.toJava(wanted));
            final DeviceControl control = devices.control(device).orElseThrow(() -> new FieldOperationException(
                    FieldFailure.NOT_WRITABLE, "device " + device + " cannot be written"));
            result = control.write(device, point, value, System.currentTimeMillis() + timeoutMillis);
        } catch (final FieldOperationException e) {
            record(device, pointName, wanted, null, e);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return result.handle((outcome, error) -> {
            record(device, pointName, wanted, outcome, error);
            return null;
        });
    }

    private void record(final String device, final String point, final JsonNode wanted, final WriteOutcome outcome,
                        final Throwable error) {
        final ObjectNode result = JsonNodeFactory.instance.objectNode();
        result.set("value", wanted.deepCopy());
        final ObjectNode reported = JsonNodeFactory.instance.objectNode();
        if (error == null) {
            result.put("status", "DONE");
            // null deletes in a shadow merge: an earlier failure's code and reason must not outlive it
            result.putNull("code");
            result.putNull("reason");
            if (outcome.readBack().quality().isGood()) {
                reported.putObject(ShadowReporter.POINTS).set(point, JsonValues.toJson(outcome.readBack().value()));
            }
            LOG.infof("Desired %s/%s = %s written", device, point, wanted);
        } else {
            final Throwable cause = Futures.cause(error);
            final FieldFailure code = cause instanceof FieldOperationException
                    ? ((FieldOperationException) cause).failure() : FieldFailure.DEVICE_UNREACHABLE;
            result.put("status", "FAILED");
            result.put("code", code.name());
            result.put("reason", String.valueOf(cause.getMessage()));
            LOG.warnf("Desired %s/%s = %s not written: %s", device, point, wanted, cause.getMessage());
        }
        result.put("at", System.currentTimeMillis() / 1000);
        reported.putObject(WRITES).set(point, result);
        final ObjectNode state = JsonNodeFactory.instance.objectNode();
        state.set("reported", reported);
        try {
            shadows.update(new ShadowKey(device, shadowName), new ShadowUpdate(state, null, null),
                    ShadowChange.Origin.GATEWAY);
        } catch (final ShadowError e) {
            LOG.errorf("Outcome of the write to %s/%s not recorded: %s", device, point, e.getMessage());
        }
    }
}
