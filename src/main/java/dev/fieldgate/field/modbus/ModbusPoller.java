package dev.fieldgate.field.modbus;

import dev.fieldgate.field.Device;
import dev.fieldgate.field.DeviceControl;
import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.FieldFailure;
import dev.fieldgate.field.FieldOperationException;
import dev.fieldgate.field.WriteOutcome;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.FieldSource;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.Point;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.field.serial.SerialLine;
import dev.fieldgate.field.adapter.TcpEndpoint;
import dev.fieldgate.util.Backoff;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.Iterator;
import java.util.Queue;
import java.util.function.Function;

/**
 * Polls every device of one field connection on its own thread: the per-line (per-connection) scheduler.
 * Exactly one request is in flight at a time, as a serial bus requires and as a Modbus TCP device or a
 * TCP-to-RTU gateway serves in practice; on a serial line the next request waits for the RTU inter-frame
 * silence and the configured turnaround. The group that is due soonest goes next, so a slow device only takes
 * its own share of the line. A device that stops answering is polled with growing backoff instead of at its
 * interval, so that its timeouts cannot starve the others. Other connections have their own pollers.
 *
 * <p>Reads and writes on request run on the same thread, ahead of the next poll. A request for a device that
 * is not answering waits (without blocking the line) until the device answers a poll again or the request
 * expires; it is never sent to a device known to be down, so it cannot hold up the others.
 */
public final class ModbusPoller implements FieldSource, DeviceControl {

    /** First polls of an adapter are spread over its interval, but never over more than this. */
    static final long MAX_START_SPREAD_NANOS = 1_000_000_000L;
    /** A slow group skipped for back-pressure asks again after at most this long, not a whole interval. */
    private static final long BACK_PRESSURE_RETRY_NANOS = 100_000_000L;

    private static final Logger LOG = Logger.getLogger(ModbusPoller.class);
    private static final Backoff DEVICE_BACKOFF = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    private final AdapterDefinition adapter;
    private final ModbusLink link;
    private final ReadingSink sink;
    private final PollMetrics metrics;
    private final Backoff linkBackoff;
    private final List<PollGroup> groups = new ArrayList<>();
    private volatile Thread thread;
    private volatile boolean running;
    private int linkFailures;
    /** Poller thread only: polls are being skipped for back-pressure (logged once per episode). */
    private boolean backPressured;
    private final long pauseNanos;
    private long lineFreeAtNanos;
    private final Queue<ControlRequest<?>> incoming = new ConcurrentLinkedQueue<>();
    private final List<ControlRequest<?>> waiting = new ArrayList<>();
    private final Map<String, DeviceStatus> statuses = new ConcurrentHashMap<>();
    private final Map<String, Device> devices = new LinkedHashMap<>();

    /**
     * @param adapter  the connection and its devices
     * @param linkFactory opens links for the adapter's endpoint
     * @param sink     receives each poll's readings
     * @param metrics  counts polls and errors
     */
    public ModbusPoller(final AdapterDefinition adapter, final Function<AdapterDefinition, ModbusLink> linkFactory,
                        final ReadingSink sink, final PollMetrics metrics) {
        this.adapter = adapter;
        this.link = linkFactory.apply(adapter);
        this.sink = sink;
        this.metrics = metrics;
        this.linkBackoff = new Backoff(Duration.ofSeconds(1), adapter.connection().reconnectMax());
        // a serial line needs its inter-frame silence and turnaround between one answer and the next request
        this.pauseNanos = adapter.connection() instanceof SerialLine
                ? ((SerialLine) adapter.connection()).pauseBetweenRequestsNanos() : 0;
        final long now = System.nanoTime();
        // one group per device and interval
        record Planned(Device device, Duration interval, List<Point> points) {
        }
        final List<Planned> planned = new ArrayList<>();
        for (final Device d : adapter.devices()) {
            devices.put(d.id(), d);
            statuses.put(d.id(), new DeviceStatus(d.id(), true, 0, null));
            final Map<Duration, List<Point>> byInterval = new LinkedHashMap<>();
            d.points().forEach(p -> byInterval.computeIfAbsent(p.interval(), i -> new ArrayList<>()).add(p));
            byInterval.forEach((interval, points) -> planned.add(new Planned(d, interval, points)));
        }
        // first polls spread over the interval: all due at once, the groups of one connection would queue
        // behind each other every cycle and the last would always start late. At most over a second, so
        // that a meter read every 15 minutes still shows its first values right after start
        for (int i = 0; i < planned.size(); i++) {
            final Planned p = planned.get(i);
            final long offset = Math.min(p.interval().toNanos(), MAX_START_SPREAD_NANOS) / planned.size() * i;
            groups.add(new PollGroup(p.device(), p.interval(), RequestPlanner.plan(p.points(), p.device().maxGap()),
                    now + offset));
        }
    }

    /**
     * A poller for a Modbus adapter of any kind, through j2mod.
     *
     * @throws IllegalArgumentException for a kind that is not polled Modbus
     */
    public static ModbusPoller create(final AdapterDefinition adapter, final ReadingSink sink, final PollMetrics metrics) {
        return new ModbusPoller(adapter, ModbusPoller::link, sink, metrics);
    }

    static ModbusLink link(final AdapterDefinition a) {
        switch (a.kind()) {
            case MODBUS_TCP: return new J2modTcpLink((TcpEndpoint) a.connection(), false, a.uri());
            case MODBUS_RTU_OVER_TCP: return new J2modTcpLink((TcpEndpoint) a.connection(), true, a.uri());
            case MODBUS_RTU: return new J2modRtuLink((SerialLine) a.connection(), a.uri());
            default: throw new IllegalArgumentException(a.kind().configName() + " is not polled Modbus");
        }
    }

    /** Starts the polling thread. */
    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "modbus-" + adapter.name());
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Polling %d device(s) at %s (adapter %s)", adapter.devices().size(), adapter.uri(),
                adapter.name());
    }

    /** Stops the thread and closes the connection; waits at most the request timeout plus one second. */
    @Override
    public synchronized void stop() {
        final Thread t = thread;
        if (t == null) {
            return;
        }
        running = false;
        t.interrupt();
        try {
            t.join(adapter.connection().timeout().toMillis() + 1000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        failAll(new FieldOperationException(FieldFailure.STOPPED, "adapter " + adapter.name() + " stopped"));
        LOG.infof("Stopped adapter %s", adapter.name());
    }

    @Override
    public DeviceStatus status(final String deviceId) {
        return statuses.get(deviceId);
    }

    @Override
    public CompletableFuture<WriteOutcome> write(final String deviceId, final Point point, final Object value,
                                                 final long deadlineMillis) {
        return submit(deviceId, deadlineMillis, (l, d) -> {
            final WriteOutcome outcome = PointAccess.write(l, d, point, value);
            sink.accept(new DeviceReadings(d.id(), List.of(outcome.readBack())));
            return outcome;
        });
    }

    @Override
    public CompletableFuture<List<Reading>> read(final String deviceId, final List<Point> points,
                                                 final long deadlineMillis) {
        return submit(deviceId, deadlineMillis, (l, d) -> {
            final List<Reading> readings = PointAccess.read(l, d, points);
            sink.accept(new DeviceReadings(d.id(), readings));
            return readings;
        });
    }

    private <T> CompletableFuture<T> submit(final String deviceId, final long deadlineMillis,
                                            final ControlRequest.Operation<T> operation) {
        final Device device = devices.get(deviceId);
        final CompletableFuture<T> result = new CompletableFuture<>();
        if (device == null) {
            result.completeExceptionally(new FieldOperationException(FieldFailure.UNKNOWN_DEVICE, "device "
                    + deviceId + " is not on adapter " + adapter.name()));
            return result;
        }
        final Thread t = thread;
        if (t == null) {
            result.completeExceptionally(new FieldOperationException(FieldFailure.STOPPED, "adapter "
                    + adapter.name() + " is not running"));
            return result;
        }
        incoming.add(new ControlRequest<>(device, deadlineMillis, operation, result));
        LockSupport.unpark(t);
        return result;
    }

    /** @return the adapter this poller serves. */
    public AdapterDefinition adapter() {
        return adapter;
    }

    private void run() {
        try {
            while (running) {
                runRequests();
                final PollGroup next = groups.stream().min(Comparator.comparingLong(g -> g.nextDueNanos)).orElseThrow();
                if (!sleepUntil(Math.min(next.nextDueNanos, earliestExpiryNanos()))) {
                    break;
                }
                if (incoming.isEmpty() && next.nextDueNanos - System.nanoTime() <= 0) {
                    if (!sink.hasRoom(next.pointCount)) {
                        skip(next);
                    } else if (ensureOpen()) {
                        backPressured = false;
                        poll(next);
                    }
                }
            }
        } finally {
            link.close();
        }
    }

    /** @return false when stopped while waiting; returns early when a request arrives */
    private boolean sleepUntil(final long dueNanos) {
        long wait;
        while (running && incoming.isEmpty() && (wait = dueNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
            if (Thread.interrupted()) {
                return false;
            }
        }
        return running;
    }

    private long earliestExpiryNanos() {
        final long nowMs = System.currentTimeMillis();
        final long now = System.nanoTime();
        return waiting.stream().mapToLong(r -> now + Math.max(0, r.deadlineMillis() - nowMs + 1) * 1_000_000L)
                .min().orElse(Long.MAX_VALUE);
    }

    /** Runs the requests whose device answers, in arrival order; the others wait for it or for their expiry. */
    private void runRequests() {
        for (ControlRequest<?> r; (r = incoming.poll()) != null; ) {
            waiting.add(r);
        }
        for (final Iterator<ControlRequest<?>> it = waiting.iterator(); it.hasNext() && running; ) {
            final ControlRequest<?> r = it.next();
            if (r.result().isDone()) {
                it.remove();
            } else if (r.expired(System.currentTimeMillis())) {
                it.remove();
                r.expire();
            } else if (statuses.get(r.device().id()).reachable() && ensureOpen()) {
                it.remove();
                execute(r);
            }
        }
    }

    private <T> void execute(final ControlRequest<T> r) {
        try {
            awaitLineFree();
            r.result().complete(r.operation().run(link, r.device()));
        } catch (final ModbusTimeoutException e) {
            if (!e.linkInSync()) {
                link.close();
            }
            r.result().completeExceptionally(PointAccess.failure(r.device(), e));
        } catch (final FieldLinkException e) {
            link.close();
            r.result().completeExceptionally(PointAccess.failure(r.device(), e));
        } catch (final Exception e) {
            r.result().completeExceptionally(PointAccess.failure(r.device(), e));
        } finally {
            lineFreeAtNanos = System.nanoTime() + pauseNanos;
        }
    }

    private void failAll(final FieldOperationException reason) {
        for (ControlRequest<?> r; (r = incoming.poll()) != null; ) {
            r.result().completeExceptionally(reason);
        }
        // the thread has ended: the waiting list is no longer touched by it
        waiting.forEach(r -> r.result().completeExceptionally(reason));
        waiting.clear();
    }

    private boolean ensureOpen() {
        if (link.isOpen()) {
            return true;
        }
        try {
            link.open();
            if (linkFailures > 0) {
                LOG.infof("Reconnected to %s after %d failed attempt(s)", adapter.uri(), linkFailures);
            }
            linkFailures = 0;
            return true;
        } catch (final FieldLinkException e) {
            if (running) {
                onLinkDown(e);
            }
            return false;
        }
    }

    private void onLinkDown(final FieldLinkException e) {
        if (linkFailures == 0) {
            LOG.warnf("Field connection %s down: %s", adapter.name(), e.getMessage());
        }
        final long retryAt = System.nanoTime() + linkBackoff.delayNanos(linkFailures++);
        final long now = System.currentTimeMillis();
        devices.keySet().forEach(id -> statuses.compute(id, (k, old) ->
                new DeviceStatus(k, false, old.lastGoodAt(), e.getMessage())));
        for (final PollGroup g : groups) {
            metrics.error(g.device.id(), Quality.BAD_NO_CONNECTION);
            emit(g, badAll(g, Quality.BAD_NO_CONNECTION, now, e.getMessage()));
            g.nextDueNanos = Math.max(g.nextDueNanos, retryAt);
        }
    }

    private void poll(final PollGroup g) {
        final long started = System.nanoTime();
        // how late against its schedule this poll starts: the bus budget made visible
        metrics.late(started - g.nextDueNanos);
        final List<Reading> readings = new ArrayList<>();
        boolean failed = false;
        try {
            for (final ReadBlock block : g.blocks) {
                if (failed) {
                    readings.addAll(BlockReader.bad(block, Quality.BAD_TIMEOUT, System.currentTimeMillis(),
                            "not read: the device timed out earlier in this poll"));
                    continue;
                }
                try {
                    awaitLineFree();
                    readings.addAll(BlockReader.read(link, g.device.unitId(), block));
                    lineFreeAtNanos = System.nanoTime() + pauseNanos;
                } catch (final ModbusTimeoutException e) {
                    lineFreeAtNanos = System.nanoTime() + pauseNanos;
                    if (!running) {
                        return;   // cut short by the stop, see below
                    }
                    failed = true;
                    metrics.error(g.device.id(), Quality.BAD_TIMEOUT);
                    readings.addAll(BlockReader.bad(block, Quality.BAD_TIMEOUT, System.currentTimeMillis(), e.getMessage()));
                    if (!e.linkInSync()) {
                        link.close();
                        if (!ensureOpen()) {
                            return;
                        }
                    }
                }
            }
        } catch (final FieldLinkException e) {
            link.close();
            if (running) {
                onLinkDown(e);
            }
            return;
        }
        if (!running) {
            // the gateway is stopping: an answer cut short by the stop is no finding about the device (it would
            // be a false timeout in the cloud, published after the next start), so the poll produces nothing
            return;
        }
        // timeouts were counted where they happened; every other bad kind once per poll
        readings.stream().map(Reading::quality).filter(q -> !q.isGood() && q != Quality.BAD_TIMEOUT)
                .distinct().forEach(q -> metrics.error(g.device.id(), q));
        schedule(g, started, failed);
        track(g.device, readings, failed);
        metrics.polled(g.device.id(), readings.size(), System.nanoTime() - started);
        emit(g, readings);
    }

    /**
     * Back-pressure: the buffer cannot take this poll's readings now, so the device is not read at all and
     * the poll counts as an overrun; it is due again one interval later.
     */
    private void skip(final PollGroup g) {
        if (!backPressured) {
            backPressured = true;
            LOG.warnf("The buffer's intake is full (the disk is behind): polls of adapter %s are skipped and "
                    + "counted as overruns (fieldgate_poll_overruns_total) until it catches up", adapter.name());
        }
        metrics.overrun(g.device.id());
        final long now = System.nanoTime();
        final long interval = g.interval.toNanos();
        if (interval > BACK_PRESSURE_RETRY_NANOS) {
            // a slow group asks again soon rather than waiting out its long interval
            g.nextDueNanos = now + BACK_PRESSURE_RETRY_NANOS;
            return;
        }
        // a fast one keeps its phase
        g.nextDueNanos += interval;
        if (g.nextDueNanos <= now) {
            g.nextDueNanos = now + interval - (now - g.nextDueNanos) % interval;
        }
    }

    private void track(final Device device, final List<Reading> readings, final boolean failed) {
        final String error = readings.stream().filter(r -> !r.quality().isGood()).map(Reading::detail).findFirst()
                .orElse(null);
        final boolean answered = !failed;
        final boolean reachable = answered && groups.stream().filter(g -> g.device == device)
                .allMatch(g -> g.consecutiveFailures == 0);
        statuses.compute(device.id(), (k, old) -> new DeviceStatus(k, reachable,
                answered ? System.currentTimeMillis() : old.lastGoodAt(), error));
    }

    /** One request at a time, and on a serial line not before the silence after the last answer has passed. */
    private void awaitLineFree() {
        long wait;
        while ((wait = lineFreeAtNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private void schedule(final PollGroup g, final long started, final boolean failed) {
        if (failed) {
            final int attempt = g.consecutiveFailures++;
            if (attempt == 0) {
                LOG.warnf("Device %s (unit %d on %s) is not answering; polling it with backoff", g.device.id(),
                        g.device.unitId(), adapter.uri());
            }
            g.nextDueNanos = System.nanoTime() + DEVICE_BACKOFF.delayNanos(attempt);
            return;
        }
        if (g.consecutiveFailures > 0) {
            LOG.infof("Device %s answers again", g.device.id());
        }
        g.consecutiveFailures = 0;
        final long intervalNanos = g.interval.toNanos();
        g.nextDueNanos += intervalNanos;
        final long now = System.nanoTime();
        if (g.nextDueNanos < now) {
            // fell behind by more than one interval: skip the missed polls instead of bursting to catch up
            metrics.overrun(g.device.id());
            g.nextDueNanos = now + intervalNanos - (now - started) % intervalNanos;
        }
    }

    private void emit(final PollGroup g, final List<Reading> readings) {
        final List<Reading> news = g.newsOnly(readings);
        if (!news.isEmpty()) {
            sink.accept(new DeviceReadings(g.device.id(), news));
        }
    }

    private static List<Reading> badAll(final PollGroup g, final Quality q, final long ts, final String detail) {
        final List<Reading> out = new ArrayList<>();
        g.blocks.forEach(b -> out.addAll(BlockReader.bad(b, q, ts, detail)));
        return out;
    }
}
