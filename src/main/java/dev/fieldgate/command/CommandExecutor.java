package dev.fieldgate.command;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.config.CommandConfig;
import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceDirectory;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldOperationException;
import dev.fieldgate.field.LatestValues;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.modbus.WriteCheck;
import dev.fieldgate.util.JsonValues;
import dev.fieldgate.util.Futures;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * Runs validated commands against the devices. Everything a command asks for is checked before the first
 * request goes on the wire, so a refused command has done nothing; writes then run one after another and
 * stop at the first failure, reporting each point's outcome.
 */
final class CommandExecutor {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private final DeviceDirectory devices;
    private final LatestValues latest;
    private final Function<String, String> reloadAdapter;
    private final Function<String, String> resendSchema;
    private final CommandConfig.WhenUnreachable whenUnreachable;

    /**
     * @param devices          the running devices
     * @param latest           latest readings, for status and for sensors that cannot be read on demand
     * @param reloadAdapter    reloads an adapter by name and says what happened; throws IllegalArgumentException
     *                         naming file, line and key when the file is invalid
     * @param whenUnreachable  fail fast or queue for unreachable devices
     */
    CommandExecutor(final DeviceDirectory devices, final LatestValues latest, final Function<String, String> reloadAdapter,
                    final Function<String, String> resendSchema, final CommandConfig.WhenUnreachable whenUnreachable) {
        this.devices = devices;
        this.latest = latest;
        this.reloadAdapter = reloadAdapter;
        this.resendSchema = resendSchema;
        this.whenUnreachable = whenUnreachable;
    }

    /** @return completes with the outcome; never exceptionally. */
    CompletableFuture<CommandOutcome> execute(final String device, final CommandRequest request, final long deadlineMillis) {
        try {
            if (!devices.exists(device)) {
                throw new CommandException("UNKNOWN_DEVICE", "no device '" + device + "' on this gateway");
            }
            switch (request.op()) {
                case WRITE:
                    return write(device, request.writes(), deadlineMillis);
                case READ:
                    return read(device, request.reads(), deadlineMillis);
                case STATUS:
                    return CompletableFuture.completedFuture(CommandOutcome.succeeded(status(device)));
                case SCHEMA:
                    return CompletableFuture.completedFuture(CommandOutcome.succeeded(F.objectNode().put("message",
                            resendSchema.apply(device))));
                default:
                    return CompletableFuture.completedFuture(reload(device));
            }
        } catch (final CommandException e) {
            return CompletableFuture.completedFuture(CommandOutcome.rejected(e));
        }
    }

    private CompletableFuture<CommandOutcome> write(final String device, final Map<String, Object> writes,
                                                    final long deadline) {
        final Map<Point, Object> checked = new LinkedHashMap<>();
        writes.forEach((name, value) -> {
            final Point p = devices.modbusPoint(device, name).orElseThrow(() -> devices.pointNames(device).contains(name)
                    ? new CommandException(FieldFailure.NOT_WRITABLE.name(), "point " + name + " of device " + device
                    + " is read-only") : unknownPoint(device, name));
            try {
                checked.put(p, WriteCheck.validate(device, p, value));
            } catch (final FieldOperationException e) {
                throw new CommandException(e.failure().name(), e.getMessage());
            }
        });
        final DeviceControl control = control(device);
        final ObjectNode points = F.objectNode();
        CompletableFuture<String[]> chain = CompletableFuture.completedFuture(null);
        for (final Map.Entry<Point, Object> w : checked.entrySet()) {
            chain = chain.thenCompose(failure -> {
                final ObjectNode entry = points.putObject(w.getKey().name());
                entry.set("value", JsonValues.toJson(w.getValue()));
                if (failure != null) {
                    entry.put("status", "NOT_ATTEMPTED");
                    return CompletableFuture.completedFuture(failure);
                }
                return control.write(device, w.getKey(), w.getValue(), deadline).handle((outcome, error) -> {
                    if (error == null) {
                        entry.put("status", "DONE");
                        entry.set("read-back", JsonValues.toJson(outcome.readBack().value()));
                        return null;
                    }
                    final FieldOperationException f = cause(error);
                    entry.put("status", "FAILED");
                    entry.put("code", f.failure().name());
                    return new String[] {f.failure().name(), f.getMessage()};
                });
            });
        }
        return chain.thenApply(failure -> {
            final ObjectNode result = F.objectNode();
            result.set("points", points);
            return failure == null ? CommandOutcome.succeeded(result) : CommandOutcome.failed(result, failure[0], failure[1]);
        });
    }

    private CompletableFuture<CommandOutcome> read(final String device, final List<String> names, final long deadline) {
        final List<String> wanted = names.isEmpty() ? devices.pointNames(device) : names;
        wanted.stream().filter(n -> !devices.pointNames(device).contains(n)).findFirst().ifPresent(n -> {
            throw unknownPoint(device, n);
        });
        if (devices.control(device).isEmpty()) {
            // a serial sensor talks when it wants: its latest values are the freshest there are
            final Map<String, Reading> last = latest.of(device);
            final List<Reading> readings = new ArrayList<>();
            wanted.forEach(n -> readings.add(last.getOrDefault(n, Reading.bad(n, "", dev.fieldgate.field.Quality.BAD_NO_CONNECTION,
                    System.currentTimeMillis(), "no value received yet"))));
            return CompletableFuture.completedFuture(CommandOutcome.succeeded(readingsResult(readings)));
        }
        final List<Point> points = wanted.stream().map(n -> devices.modbusPoint(device, n).orElseThrow()).toList();
        return control(device).read(device, points, deadline).handle((readings, error) -> {
            if (error != null) {
                final FieldOperationException f = cause(error);
                return CommandOutcome.failed(null, f.failure().name(), f.getMessage());
            }
            return CommandOutcome.succeeded(readingsResult(readings));
        });
    }

    private DeviceControl control(final String device) {
        final DeviceControl control = devices.control(device).orElseThrow(() -> new CommandException(
                FieldFailure.NOT_WRITABLE.name(), "device " + device + " is a serial sensor and cannot be written"));
        final DeviceStatus s = devices.status(device).orElse(null);
        if (whenUnreachable == CommandConfig.WhenUnreachable.FAIL && s != null && !s.reachable()) {
            throw new CommandException(FieldFailure.DEVICE_UNREACHABLE.name(), "device " + device + " is not answering"
                    + (s.lastError() == null ? "" : " (" + s.lastError() + ")") + "; nothing was sent");
        }
        return control;
    }

    private ObjectNode status(final String device) {
        final ObjectNode out = F.objectNode();
        final DeviceStatus s = devices.status(device).orElse(new DeviceStatus(device, false, 0, "not running"));
        out.put("reachable", s.reachable());
        out.put("last-good-at", s.lastGoodAt());
        if (s.lastError() != null) {
            out.put("last-error", s.lastError());
        }
        devices.adapterOf(device).ifPresent(a -> out.put("adapter", a));
        final List<Reading> readings = new ArrayList<>(latest.of(device).values());
        readings.sort(java.util.Comparator.comparing(Reading::point));
        out.setAll(readingsResult(readings));
        return out;
    }

    private CommandOutcome reload(final String device) {
        final String adapter = devices.adapterOf(device).orElseThrow();
        try {
            final ObjectNode result = F.objectNode();
            result.put("message", reloadAdapter.apply(adapter));
            return CommandOutcome.succeeded(result);
        } catch (final IllegalArgumentException e) {
            return CommandOutcome.failed(null, "INVALID_CONFIG", e.getMessage() + " (the running adapter was kept)");
        }
    }

    private static ObjectNode readingsResult(final List<Reading> readings) {
        final ObjectNode points = F.objectNode();
        for (final Reading r : readings) {
            final ObjectNode p = points.putObject(r.point());
            if (r.value() != null) {
                p.set("value", JsonValues.toJson(r.value()));
            }
            p.put("quality", r.quality().wireName());
            p.put("ts", r.timestamp());
            if (r.detail() != null) {
                p.put("detail", r.detail());
            }
        }
        final ObjectNode out = F.objectNode();
        out.set("points", points);
        return out;
    }

    private static CommandException unknownPoint(final String device, final String name) {
        return new CommandException(FieldFailure.UNKNOWN_POINT.name(), "device " + device + " has no point '" + name + "'");
    }

    private static FieldOperationException cause(final Throwable error) {
        final Throwable c = Futures.cause(error);
        return c instanceof FieldOperationException ? (FieldOperationException) c
                : new FieldOperationException(FieldFailure.DEVICE_UNREACHABLE, String.valueOf(c.getMessage()));
    }
}
