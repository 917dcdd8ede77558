package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.BufferFullException;
import dev.fieldgate.buffer.BufferUnavailableException;
import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.buffer.OutboxStats;
import dev.fieldgate.buffer.RefusedMessage;
import org.h2.api.ErrorCode;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox in an embedded H2 file. One writer thread owns the write connection and commits every queued
 * append, acknowledgement and overflow deletion of a moment in one transaction (group commit); readers use
 * a second connection and see only committed rows.
 */
public final class H2Outbox implements Outbox, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(H2Outbox.class);
    /** Logs every accepted message id at DEBUG; the crash tests read it to know what was accepted. */
    private static final Logger ACCEPTED = Logger.getLogger("dev.fieldgate.buffer.accepted");
    private static final int MAX_OPS_PER_COMMIT = 512;
    /** How long the writer gathers operations after the first before it commits. */
    private static final long COMMIT_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Retention is enforced at most this often; the writer wakes at least every 100 ms anyway. */
    static final long EXPIRY_CHECK_MS = 60_000;

    private final OutboxSettings settings;
    private final Connection writeConn;
    private final Connection readConn;
    private final OutboxSchema schema;
    private final BlockingQueue<WriteOp> queue;
    /**
     * Acknowledgements arrive on the MQTT client's I/O threads, which must never block; they are few (at
     * most one per published message) and are applied with the next commit.
     */
    private final Queue<WriteOp.Delete> deletes = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private final List<Runnable> appendListeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong refusedKept = new AtomicLong();
    private final AtomicLong refusedBytes = new AtomicLong();
    /** Writer thread only. */
    private long lastExpiryCheck;
    private final RefusalLog refusalLog = new RefusalLog();
    private volatile boolean writable = true;
    private volatile boolean diskFull;
    /** Writer thread only: stored payload bytes when the disk-full state began. */
    private long bytesWhenFull;
    private final DiskSpace disk;
    /** Where a damaged file found at start was moved, or null. */
    private final Path quarantined;
    /** Guarded by readConn: the drainer asks for the next batch many times a second. */
    private PreparedStatement readNext;
    private volatile boolean running = true;
    private long nextId;
    /** The last id committed, for readers on other threads. */
    private final AtomicLong lastId = new AtomicLong();

    private H2Outbox(final OutboxSettings settings, final Connection writeConn, final Connection readConn,
                     final OutboxSchema schema, final Path quarantined) throws SQLException {
        this.settings = settings;
        this.quarantined = quarantined;
        this.writeConn = writeConn;
        this.readConn = readConn;
        this.schema = schema;
        this.queue = new ArrayBlockingQueue<>(settings.intakeQueue());
        this.disk = new DiskSpace(settings.freeSpace(), settings.minFreeDisk());
        this.nextId = schema.nextId();
        this.lastId.set(nextId - 1);
        countRows("outbox", depth, bytes);
        countRows("refused", refusedKept, refusedBytes);
        if (refusedKept.get() > 0) {
            LOG.warnf("Outbox keeps %d message(s) the broker refused for good: send them again or discard them "
                    + "(web page, /api/buffer/refused)", refusedKept.get());
        }
        this.writer = new Thread(this::writeLoop, "outbox-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Sets {@code rows} and {@code payloadBytes} to the number and payload size of a table's rows. */
    private void countRows(final String table, final AtomicLong rows, final AtomicLong payloadBytes) throws SQLException {
        try (PreparedStatement st = readConn.prepareStatement(
                "SELECT COUNT(*), COALESCE(SUM(OCTET_LENGTH(payload)), 0) FROM " + table);
             ResultSet rs = st.executeQuery()) {
            rs.next();
            rows.set(rs.getLong(1));
            payloadBytes.set(rs.getLong(2));
        }
    }

    /**
     * Opens (creating if needed) the outbox under {@code settings.directory()}. Opening does not read the
     * stored messages, so a large backlog never delays start-up.
     *
     * @throws BufferUnavailableException when the file cannot be opened
     */
    public static H2Outbox open(final OutboxSettings settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            return openFile(settings, null);
        } catch (final SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new BufferUnavailableException("outbox " + settings.directory()
                        + " is in use by another process (a second gateway on the same data directory?)", e);
            }
            final Path damaged = quarantine(settings.directory(), e);
            try {
                return openFile(settings, damaged);
            } catch (final SQLException again) {
                throw new BufferUnavailableException("cannot open a new outbox at " + settings.directory() + ": "
                        + again.getMessage(), again);
            }
        }
    }

    private static H2Outbox openFile(final OutboxSettings settings, final Path quarantined) throws SQLException {
        final String url = jdbcUrl(settings.directory());
        Connection w = null;
        try {
            w = DriverManager.getConnection(url, "fieldgate", "");
            final Connection r = DriverManager.getConnection(url, "fieldgate", "");
            final OutboxSchema schema = OutboxSchema.apply(w);
            final H2Outbox outbox = new H2Outbox(settings, w, r, schema, quarantined);
            LOG.infof("Outbox open at %s: %d message(s), %d bytes waiting (epoch %s)", settings.directory(),
                    outbox.depth.get(), outbox.bytes.get(), schema.epoch());
            return outbox;
        } catch (final SQLException | RuntimeException e) {
            closeQuietly(w);
            throw e;
        }
    }

    /**
     * Moves a file H2 cannot open aside, so that the gateway keeps accepting readings in a new one. The old
     * file's messages are not delivered; it is kept for recovery with H2's Recover tool.
     */
    private static Path quarantine(final Path dir, final SQLException cause) {
        final Path file = dir.resolve("outbox.mv.db");
        final Path damaged = dir.resolve("outbox.mv.db.damaged-" + System.currentTimeMillis());
        try {
            Files.move(file, damaged);
        } catch (final IOException e) {
            throw new BufferUnavailableException("outbox file " + file + " cannot be opened (" + cause.getMessage()
                    + ") nor moved aside: " + e.getMessage(), cause);
        }
        LOG.errorf("OUTBOX FILE DAMAGED: %s could not be opened (%s). It was moved to %s and a new outbox started; "
                + "the messages in the damaged file were NOT delivered (recover them with org.h2.tools.Recover).",
                file, cause.getMessage(), damaged);
        return damaged;
    }

    static String jdbcUrl(final Path dir) {
        // WRITE_DELAY=0: H2 otherwise holds committed changes in memory for up to 500 ms, and a kill -9 in
        // that window loses messages already reported accepted (OutboxCrashTest fails without it).
        // DB_CLOSE_ON_EXIT=FALSE: the gateway closes the outbox itself after the last acknowledgement is
        // committed, instead of H2's shutdown hook closing it under a running writer.
        // CACHE_SIZE=4096 (KiB): H2's default 16 MiB page cache is wasted on a queue read once from its head;
        // the drainer keeps its own read-ahead
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("outbox")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;CACHE_SIZE=4096";
    }

    @Override
    public CompletableFuture<List<OutboxEntry>> append(final List<OutboundMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        final WriteOp.Append op = new WriteOp.Append(List.copyOf(messages));
        if (!running) {
            op.result.completeExceptionally(new BufferUnavailableException("outbox is closed", null));
        } else if (!queue.offer(op)) {
            rejected.addAndGet(messages.size());
            op.result.completeExceptionally(new BufferFullException("outbox intake queue is full ("
                    + settings.intakeQueue() + " batches waiting for the disk)"));
        }
        return op.result;
    }

    @Override
    public List<OutboxEntry> readAfter(final long afterId, final int max) {
        synchronized (readConn) {
            try {
                if (readNext == null) {
                    readNext = readConn.prepareStatement(
                            "SELECT id, stream, topic, qos, created_at, payload FROM outbox WHERE id > ? ORDER BY id LIMIT ?");
                }
                final PreparedStatement st = readNext;
                st.setLong(1, afterId);
                st.setInt(2, max);
                final List<OutboxEntry> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        final long id = rs.getLong(1);
                        out.add(new OutboxEntry(id, schema.messageId(id), rs.getString(2), rs.getString(3),
                                rs.getInt(4), rs.getLong(5), rs.getBytes(6)));
                    }
                }
                return out;
            } catch (final SQLException e) {
                throw new BufferUnavailableException("cannot read outbox: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public long lastId() {
        return lastId.get();
    }

    @Override
    public void acknowledge(final OutboxEntry entry) {
        enqueueDelete(new WriteOp.Delete(entry, null));
    }

    @Override
    public void reject(final OutboxEntry entry, final String reason) {
        enqueueDelete(new WriteOp.Delete(entry, reason));
    }

    private void enqueueDelete(final WriteOp.Delete op) {
        deletes.add(op);
        // one wake-up at a time: the writer takes every deletion queued by then into one commit. Never
        // blocks: when the queue is full the writer is busy and will see the deletion anyway.
        if (wakePending.compareAndSet(false, true) && !queue.offer(WriteOp.Wake.INSTANCE)) {
            wakePending.set(false);
        }
    }

    @Override
    public List<RefusedMessage> refused(final int max) {
        synchronized (readConn) {
            try (PreparedStatement st = readConn.prepareStatement("SELECT id, stream, topic, created_at, refused_at, "
                    + "reason, OCTET_LENGTH(payload) FROM refused ORDER BY refused_at DESC, id DESC LIMIT ?")) {
                st.setInt(1, Math.max(0, max));
                final List<RefusedMessage> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RefusedMessage(schema.messageId(rs.getLong(1)), rs.getString(2), rs.getString(3),
                                rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getInt(7)));
                    }
                }
                return out;
            } catch (final SQLException e) {
                throw new BufferUnavailableException("cannot read the refused messages: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public CompletableFuture<Integer> resendRefused() {
        final WriteOp.Refused op = new WriteOp.Refused(true);
        return enqueue(op, op.result);
    }

    @Override
    public CompletableFuture<Integer> discardRefused() {
        final WriteOp.Refused op = new WriteOp.Refused(false);
        return enqueue(op, op.result);
    }

    @Override
    public CompletableFuture<Void> flush() {
        final WriteOp.Flush op = new WriteOp.Flush();
        return enqueue(op, op.result);
    }

    /** Queues an operation for the writer, waiting for room; {@code result} completes when it is committed. */
    private <T> CompletableFuture<T> enqueue(final WriteOp op, final CompletableFuture<T> result) {
        if (!running) {
            result.completeExceptionally(new BufferUnavailableException("outbox is closed", null));
            return result;
        }
        try {
            queue.put(op);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            result.completeExceptionally(e);
        }
        return result;
    }

    @Override
    public void onAppended(final Runnable listener) {
        appendListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public OutboxStats stats() {
        long oldest = 0;
        synchronized (readConn) {
            try (PreparedStatement st = readConn.prepareStatement("SELECT created_at FROM outbox ORDER BY id LIMIT 1");
                 ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    oldest = rs.getLong(1);
                }
            } catch (final SQLException e) {
                LOG.debugf("stats query failed: %s", e.getMessage());
            }
        }
        return new OutboxStats(depth.get(), bytes.get(), oldest, accepted.get(), dropped.get(), expired.get(),
                rejected.get(), writable, diskFull, refusedKept.get(), refusedBytes.get());
    }

    /**
     * Enters or leaves the disk-full state, logging each change once.
     *
     * @return true while new messages must be refused
     */
    private boolean checkDisk() {
        final boolean low = disk.isLow();
        if (low && !diskFull) {
            diskFull = true;
            bytesWhenFull = bytes.get();
            LOG.errorf("DISK FULL: %d MiB free on the volume of %s, below the %d MiB reserve: new readings are "
                    + "REFUSED (counted) until space is freed; the %d stored message(s) are kept and still drained",
                    disk.free() / (1024 * 1024), settings.directory(), disk.reserve() / (1024 * 1024), depth.get());
        } else if (diskFull && (!low || bytes.get() <= bytesWhenFull / 2)) {
            // H2 reuses the space of drained messages inside its file without giving it back to the volume,
            // so half the stored bytes drained counts as room again
            diskFull = false;
            LOG.infof("Room in the outbox again (%d MiB free on the volume, %d stored bytes of %d when it filled): "
                    + "accepting readings", disk.free() / (1024 * 1024), bytes.get(), bytesWhenFull);
        }
        return diskFull;
    }

    /** Once a minute, or twice per retention age when that is shorter. */
    private long expiryCheckMs() {
        return Math.max(100, Math.min(EXPIRY_CHECK_MS, settings.maxAge().toMillis() / 2));
    }

    /** @return where a damaged outbox file found at start-up was moved, if one was. */
    public java.util.Optional<Path> quarantinedFile() {
        return java.util.Optional.ofNullable(quarantined);
    }

    /** @return true while the writer thread runs; false means nothing will be committed any more. */
    public boolean isWriterAlive() {
        return writer.isAlive();
    }

    /** Commits everything queued, stops the writer and closes the file. */
    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        try {
            writer.join(10_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(readConn);
        closeQuietly(writeConn);
        LOG.infof("Outbox closed with %d message(s) waiting", depth.get());
    }

    private void writeLoop() {
        final List<WriteOp> batch = new ArrayList<>();
        while (running || !queue.isEmpty() || !deletes.isEmpty()) {
            try {
                final WriteOp first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    gather(batch);
                }
                // deletions queued before a flush are committed with it
                wakePending.set(false);
                for (WriteOp.Delete d; (d = deletes.poll()) != null; ) {
                    batch.add(d);
                }
                if (!batch.isEmpty() || System.currentTimeMillis() - lastExpiryCheck >= expiryCheckMs()) {
                    commit(batch);
                }
                refusalLog.logDue();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Collects what arrives within the commit window after the first operation. Every H2 commit writes a
     * chunk of its own, so many small commits cost far more CPU than one larger one; a poll waits a few
     * milliseconds longer to be accepted instead.
     */
    private void gather(final List<WriteOp> batch) throws InterruptedException {
        final long end = System.nanoTime() + COMMIT_WINDOW_NANOS;
        queue.drainTo(batch, MAX_OPS_PER_COMMIT - batch.size());
        long left;
        while (batch.size() < MAX_OPS_PER_COMMIT && (left = end - System.nanoTime()) > 0) {
            final WriteOp next = queue.poll(left, TimeUnit.NANOSECONDS);
            if (next == null) {
                return;
            }
            batch.add(next);
            queue.drainTo(batch, MAX_OPS_PER_COMMIT - batch.size());
        }
    }

    private void commit(final List<WriteOp> batch) {
        final GroupCommit group = new GroupCommit(writeConn, schema, settings, nextId, depth.get(), bytes.get(),
                refusedKept.get(), refusedBytes.get());
        final long now = System.currentTimeMillis();
        if (now - lastExpiryCheck >= expiryCheckMs()) {
            lastExpiryCheck = now;
            group.expireBefore(now - settings.maxAge().toMillis());
        }
        final boolean full = checkDisk();
        try {
            for (final WriteOp op : batch) {
                if (full && op instanceof WriteOp.Append) {
                    final WriteOp.Append append = (WriteOp.Append) op;
                    append.refusal = new BufferFullException("disk full: " + disk.free() / (1024 * 1024)
                            + " MiB free on the data volume, below the " + disk.reserve() / (1024 * 1024)
                            + " MiB reserve (fieldgate.buffer.min-free-disk)");
                    rejected.addAndGet(append.messages.size());
                } else {
                    group.add(op);
                }
            }
            if (group.isEmpty()) {
                batch.forEach(WriteOp::complete);
                return;
            }
            group.commit();
            writable = true;
        } catch (final SQLException | RuntimeException e) {
            group.rollback();
            writable = false;
            LOG.errorf("Outbox commit failed, %d operation(s) not applied: %s", batch.size(), e.getMessage());
            final BufferUnavailableException failure = new BufferUnavailableException(
                    "outbox cannot write: " + e.getMessage(), e);
            batch.forEach(op -> op.fail(failure));
            return;
        }
        nextId = group.nextId();
        lastId.set(nextId - 1);
        depth.set(group.depth());
        bytes.set(group.bytes());
        refusalLog.record(group.refusals());
        refusedKept.set(group.refusedKept());
        refusedBytes.set(group.refusedBytes());
        if (group.requeued() > 0) {
            LOG.infof("Outbox: %d refused message(s) queued again for delivery", group.requeued());
        }
        accepted.addAndGet(group.appended().size());
        rejected.addAndGet(group.rejectedCount());
        dropped.addAndGet(group.droppedCount());
        expired.addAndGet(group.expiredCount());
        if (group.expiredCount() > 0) {
            LOG.warnf("Outbox: %d message(s) older than %s deleted unsent (%d so far)", group.expiredCount(),
                    settings.maxAge(), expired.get());
        }
        if (group.droppedCount() > 0) {
            LOG.warnf("Outbox over its %d byte budget: dropped the %d oldest message(s) (%d so far)",
                    settings.maxBytes(), group.droppedCount(), dropped.get());
        }
        if (ACCEPTED.isDebugEnabled()) {
            group.appended().forEach(e -> ACCEPTED.debugf("accepted %s stream=%s", e.messageId(), e.stream()));
        }
        batch.forEach(WriteOp::complete);
        if (!group.appended().isEmpty() || group.requeued() > 0) {
            appendListeners.forEach(Runnable::run);
        }
    }

    private static void closeQuietly(final Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (final SQLException e) {
                LOG.debugf("close failed: %s", e.getMessage());
            }
        }
    }
}
