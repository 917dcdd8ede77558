package dev.fieldgate.field.serial;

import dev.fieldgate.field.DeviceReadings;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.FieldLinkException;
import dev.fieldgate.field.FieldSource;
import dev.fieldgate.field.PollMetrics;
import dev.fieldgate.field.Quality;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.ReadingSink;
import dev.fieldgate.util.Backoff;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads a serial sensor that sends by itself, on its own thread: bytes go through the parser, valid messages
 * become readings of the configured points, and the readings of each {@code interval} go out as one batch.
 * Dropped bytes are counted by reason, never passed on. A sensor silent for longer than the line's timeout
 * is reported mute (bad-timeout, once); a port that fails or disappears is reopened with backoff.
 */
public final class SerialSensorReader implements FieldSource {

    private static final Logger LOG = Logger.getLogger(SerialSensorReader.class);

    private final String uri;
    private final SerialLine line;
    private final SensorSpec spec;
    private final SerialIO io;
    private final ReadingSink sink;
    private final PollMetrics metrics;
    private final Backoff backoff;
    private final List<Reading> pending = new ArrayList<>();
    private volatile boolean running;
    private Thread thread;
    private FrameParser parser;
    private long lastValidNanos;
    private String reportedBadState;
    private volatile DeviceStatus status;

    /**
     * @param uri      the adapter's uri, for logs
     * @param line     the port settings
     * @param spec     parser, points and interval
     * @param io       the port
     * @param sink     receives the batches
     * @param metrics  counts drops
     */
    public SerialSensorReader(final String uri, final SerialLine line, final SensorSpec spec, final SerialIO io,
                              final ReadingSink sink, final PollMetrics metrics) {
        this.uri = Objects.requireNonNull(uri, "uri");
        this.line = Objects.requireNonNull(line, "line");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.io = Objects.requireNonNull(io, "io");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.backoff = new Backoff(Duration.ofSeconds(1), line.reconnectMax());
    }

    /** Starts the reading thread. */
    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "serial-" + spec.deviceId());
        thread.setDaemon(true);
        thread.start();
        LOG.infof("Reading sensor %s at %s", spec.deviceId(), uri);
    }

    /** Stops the thread and closes the port. */
    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
    }

    @Override
    public DeviceStatus status(final String deviceId) {
        return spec.deviceId().equals(deviceId) ? status() : null;
    }

    private DeviceStatus status() {
        final DeviceStatus s = status;
        return s != null ? s : new DeviceStatus(spec.deviceId(), true, 0, null);
    }

    private void run() {
        int failures = 0;
        final byte[] buffer = new byte[1024];
        while (running) {
            try {
                io.open();
            } catch (final FieldLinkException e) {
                report(Quality.BAD_NO_CONNECTION, e.getMessage());
                if (failures == 0) {
                    LOG.warnf("Sensor %s: %s", spec.deviceId(), e.getMessage());
                }
                LockSupport.parkNanos(backoff.delayNanos(failures++));
                continue;
            }
            if (failures > 0) {
                LOG.infof("Sensor %s: %s open again", spec.deviceId(), line.port());
            }
            failures = 0;
            parser = spec.parser().get();
            lastValidNanos = System.nanoTime();
            readUntilFailure(buffer);
            io.close();
        }
        io.close();
    }

    private void readUntilFailure(final byte[] buffer) {
        long flushAt = System.nanoTime() + spec.interval().toNanos();
        while (running) {
            final int n = io.read(buffer);
            if (n < 0) {
                report(Quality.BAD_NO_CONNECTION, "serial port " + line.port() + " failed or disappeared");
                LOG.warnf("Sensor %s: serial port %s failed or disappeared; reopening", spec.deviceId(), line.port());
                return;
            }
            if (n > 0) {
                parser.feed(buffer, n, new ParserSink());
            }
            final long now = System.nanoTime();
            if (now - lastValidNanos > line.timeout().toNanos()) {
                report(Quality.BAD_TIMEOUT, "no valid message for " + line.timeout().toSeconds() + " s");
            }
            if (now >= flushAt) {
                flush();
                flushAt = now + spec.interval().toNanos();
            }
        }
    }

    /** Reports a bad state once, as the first reading of every point; repeats of the same state are quiet. */
    private void report(final Quality quality, final String detail) {
        final String state = quality + "|" + detail;
        if (state.equals(reportedBadState)) {
            return;
        }
        reportedBadState = state;
        final DeviceStatus before = status();
        status = new DeviceStatus(spec.deviceId(), false, before.lastGoodAt(), detail);
        metrics.error(spec.deviceId(), quality);
        flush();
        final long ts = System.currentTimeMillis();
        final List<Reading> bad = new ArrayList<>();
        spec.points().forEach(p -> bad.add(Reading.bad(p.name(), p.unit(), quality, ts, detail)));
        sink.accept(new DeviceReadings(spec.deviceId(), bad));
    }

    private void flush() {
        if (!pending.isEmpty()) {
            sink.accept(new DeviceReadings(spec.deviceId(), List.copyOf(pending)));
            pending.clear();
        }
    }

    private void onMessage(final Map<String, Object> fields) {
        final long ts = System.currentTimeMillis();
        final List<Reading> readings = spec.readings(fields, ts);
        if (!readings.isEmpty()) {
            pending.addAll(readings);
            lastValidNanos = System.nanoTime();
            reportedBadState = null;
            status = new DeviceStatus(spec.deviceId(), true, ts, null);
        }
    }

    private final class ParserSink implements FrameParser.Sink {
        @Override
        public void message(final Map<String, Object> fields) {
            onMessage(fields);
        }

        @Override
        public void dropped(final DropReason reason, final String detail) {
            metrics.dropped(spec.deviceId(), reason.metricName());
            LOG.debugf("Sensor %s dropped %s: %s", spec.deviceId(), reason.metricName(), detail);
        }
    }
}
