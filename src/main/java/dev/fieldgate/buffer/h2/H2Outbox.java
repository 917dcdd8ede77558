package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.BufferFullException;
import dev.fieldgate.buffer.BufferUnavailableException;
import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.buffer.OutboxHealth;
import dev.fieldgate.buffer.OutboxStats;
import dev.fieldgate.buffer.RefusedMessage;
import org.h2.api.ErrorCode;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The outbox in an embedded H2 file. One writer thread owns the write connection and commits every queued
 * append, acknowledgement and overflow deletion of a moment in one transaction (group commit); readers use
 * a second connection and see only committed rows.
 *
 * <p>Memory is bounded in bytes: appends waiting for the writer hold at most {@link OutboxSettings#intakeBytes()}
 * (beyond it they are refused at once, and {@link #hasRoom} tells producers to skip work), and one commit
 * gathers at most {@link OutboxSettings#commitBytes()}.
 *
 * <p>A commit that fails (out of memory, an I/O error, the store closed under it) fails only the operations
 * in it: the writer reopens the file (same data, same ids, same epoch) and goes on. Until a commit succeeds
 * again new appends are refused and counted; if that takes longer than the heal timeout, {@link #health()}
 * reports the outbox dead so that liveness can restart the process.
 */
public final class H2Outbox implements Outbox, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(H2Outbox.class);
    /** Logs every accepted message id at DEBUG; the crash tests read it to know what was accepted. */
    private static final Logger ACCEPTED = Logger.getLogger("dev.fieldgate.buffer.accepted");
    private static final int MAX_OPS_PER_COMMIT = 512;
    /** Waits between attempts to reopen the file after a failure. */
    private static final long REOPEN_FIRST_WAIT_MS = 100;
    private static final long REOPEN_MAX_WAIT_MS = 5_000;
    /** How long the writer gathers operations after the first before it commits. */
    private static final long COMMIT_WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** Retention is enforced at most this often; the writer wakes at least every 100 ms anyway. */
    static final long EXPIRY_CHECK_MS = 60_000;

    private final OutboxSettings settings;
    private final OutboxFaults faults;
    /** Replaced when the file is reopened after a failure; readers use it under {@link #readLock}. */
    private volatile OutboxFiles files;
    private final Object readLock = new Object();
    /** Unbounded in count, bounded in bytes by {@link #intake}; control operations are tiny. */
    private final BlockingQueue<WriteOp> queue = new LinkedBlockingQueue<>();
    private final IntakeBudget intake;
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
    /** Epoch ms of the first failed commit not yet followed by a good one; 0 while writable. */
    private volatile long unwritableSince;
    private volatile String failure;
    private final AtomicLong reopened = new AtomicLong();
    private volatile boolean diskFull;
    /** Writer thread only: stored payload bytes when the disk-full state began. */
    private long bytesWhenFull;
    private final DiskSpace disk;
    /** Where a damaged file found at start was moved, or null. */
    private final Path quarantined;
    private volatile boolean running = true;
    private long nextId;
    /** The last id committed, for readers on other threads. */
    private final AtomicLong lastId = new AtomicLong();

    private H2Outbox(final OutboxSettings settings, final OutboxFiles files, final Path quarantined,
                     final OutboxFaults faults) throws SQLException {
        this.settings = settings;
        this.faults = faults;
        this.quarantined = quarantined;
        this.files = files;
        this.intake = new IntakeBudget(settings.intakeBytes());
        this.disk = new DiskSpace(settings.freeSpace(), settings.minFreeDisk());
        loadCounters();
        if (refusedKept.get() > 0) {
            LOG.warnf("Outbox keeps %d message(s) the broker refused for good: send them again or discard them "
                    + "(web page, /api/buffer/refused)", refusedKept.get());
        }
        this.writer = new Thread(this::writeLoop, "outbox-writer");
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /** Reads the id counter and the stored rows' count and size from the open file. */
    private void loadCounters() throws SQLException {
        nextId = files.schema.nextId();
        lastId.set(nextId - 1);
        countRows("outbox", depth, bytes);
        countRows("refused", refusedKept, refusedBytes);
    }

    /** Sets {@code rows} and {@code payloadBytes} to the number and payload size of a table's rows. */
    private void countRows(final String table, final AtomicLong rows, final AtomicLong payloadBytes) throws SQLException {
        try (PreparedStatement st = files.read.prepareStatement(
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
        return open(settings, OutboxFaults.NONE);
    }

    /** Opens with injected faults; for tests. */
    static H2Outbox open(final OutboxSettings settings, final OutboxFaults faults) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(faults, "faults");
        try {
            return openFile(settings, null, faults);
        } catch (final SQLException e) {
            if (e.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw new BufferUnavailableException("outbox " + settings.directory()
                        + " is in use by another process (a second gateway on the same data directory?)", e);
            }
            final Path damaged = quarantine(settings.directory(), e);
            try {
                return openFile(settings, damaged, faults);
            } catch (final SQLException again) {
                throw new BufferUnavailableException("cannot open a new outbox at " + settings.directory() + ": "
                        + again.getMessage(), again);
            }
        }
    }

    private static H2Outbox openFile(final OutboxSettings settings, final Path quarantined, final OutboxFaults faults)
            throws SQLException {
        final OutboxFiles files = OutboxFiles.open(settings.directory(), settings.cacheBytes());
        try {
            final H2Outbox outbox = new H2Outbox(settings, files, quarantined, faults);
            LOG.infof("Outbox open at %s: %d message(s), %d bytes waiting (epoch %s)", settings.directory(),
                    outbox.depth.get(), outbox.bytes.get(), files.schema.epoch());
            return outbox;
        } catch (final SQLException | RuntimeException e) {
            files.close();
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

    @Override
    public CompletableFuture<List<OutboxEntry>> append(final List<OutboundMessage> messages) {
        Objects.requireNonNull(messages, "messages");
        long size = 0;
        for (final OutboundMessage m : messages) {
            size += m.sizeHint();
        }
        final WriteOp.Append op = new WriteOp.Append(List.copyOf(messages), size);
        if (!running) {
            op.result.completeExceptionally(new BufferUnavailableException("outbox is closed", null));
        } else if (!writable) {
            rejected.addAndGet(messages.size());
            op.result.completeExceptionally(new BufferUnavailableException("outbox cannot write: " + failure, null));
        } else if (!intake.tryReserve(size)) {
            rejected.addAndGet(messages.size());
            op.result.completeExceptionally(new BufferFullException("outbox intake is full (" + intake.used()
                    + " of " + intake.limit() + " bytes waiting for the disk; fieldgate.memory.budget)"));
        } else {
            queue.add(op);
        }
        return op.result;
    }

    @Override
    public List<OutboxEntry> readAfter(final long afterId, final int max, final long maxBytes) {
        synchronized (readLock) {
            final OutboxFiles f = files;
            try {
                final PreparedStatement st = f.readNext();
                st.setLong(1, afterId);
                st.setInt(2, max);
                final List<OutboxEntry> out = new ArrayList<>();
                long read = 0;
                try (ResultSet rs = st.executeQuery()) {
                    while (read < maxBytes && rs.next()) {
                        final long id = rs.getLong(1);
                        final byte[] payload = rs.getBytes(6);
                        out.add(new OutboxEntry(id, f.schema.messageId(id), rs.getString(2), rs.getString(3),
                                rs.getInt(4), rs.getLong(5), payload));
                        read += payload.length;
                    }
                }
                return out;
            } catch (final SQLException | RuntimeException e) {
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
        synchronized (readLock) {
            final OutboxFiles f = files;
            try (PreparedStatement st = f.read.prepareStatement("SELECT id, stream, topic, created_at, refused_at, "
                    + "reason, OCTET_LENGTH(payload) FROM refused ORDER BY refused_at DESC, id DESC LIMIT ?")) {
                st.setInt(1, Math.max(0, max));
                final List<RefusedMessage> out = new ArrayList<>();
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        out.add(new RefusedMessage(f.schema.messageId(rs.getLong(1)), rs.getString(2), rs.getString(3),
                                rs.getLong(4), rs.getLong(5), rs.getString(6), rs.getInt(7)));
                    }
                }
                return out;
            } catch (final SQLException | RuntimeException e) {
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

    /** Queues an operation for the writer; {@code result} completes when it is committed. */
    private <T> CompletableFuture<T> enqueue(final WriteOp op, final CompletableFuture<T> result) {
        if (!running) {
            result.completeExceptionally(new BufferUnavailableException("outbox is closed", null));
            return result;
        }
        queue.add(op);
        return result;
    }

    @Override
    public void onAppended(final Runnable listener) {
        appendListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public OutboxStats stats() {
        long oldest = 0;
        synchronized (readLock) {
            try (PreparedStatement st = files.read.prepareStatement("SELECT created_at FROM outbox ORDER BY id LIMIT 1");
                 ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    oldest = rs.getLong(1);
                }
            } catch (final SQLException | RuntimeException e) {
                LOG.debugf("stats query failed: %s", e.getMessage());
            }
        }
        return new OutboxStats(depth.get(), bytes.get(), oldest, accepted.get(), dropped.get(), expired.get(),
                rejected.get(), writable, diskFull, refusedKept.get(), refusedBytes.get(), intake.used(),
                intake.limit());
    }

    @Override
    public boolean hasRoom(final long bytes) {
        return writable && !diskFull && intake.hasRoom(bytes);
    }

    @Override
    public OutboxHealth health() {
        final long since = unwritableSince;
        final boolean healing = since != 0
                && System.currentTimeMillis() - since < settings.healTimeout().toMillis();
        final boolean alive = writer.isAlive() && (since == 0 || healing);
        final String reason = !writer.isAlive() ? "the outbox writer thread stopped"
                : since == 0 ? null
                : (healing ? "reopening after: " : "could not heal within " + settings.healTimeout() + ": ") + failure;
        return new OutboxHealth(alive, reason, since, reopened.get());
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

    @Override
    public Optional<Path> quarantinedFile() {
        return Optional.ofNullable(quarantined);
    }

    @Override
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
        synchronized (readLock) {
            files.close();
        }
        LOG.infof("Outbox closed with %d message(s) waiting", depth.get());
    }

    private void writeLoop() {
        final List<WriteOp> batch = new ArrayList<>();
        while (running || !queue.isEmpty() || !deletes.isEmpty()) {
            try {
                if (!writable) {
                    if (!running) {
                        // closing while the file is gone: what is left stays unapplied, as after a crash
                        refuseQueued();
                        return;
                    }
                    heal();
                    continue;
                }
                // deletions left over from a commit that reached its byte bound go on without waiting
                final WriteOp first = deletes.isEmpty() ? queue.poll(100, TimeUnit.MILLISECONDS) : queue.poll();
                long gathered = 0;
                if (first != null) {
                    batch.add(first);
                    gathered = gather(batch, first.reservedBytes());
                }
                // deletions queued before a flush are committed with it, within the commit's byte bound
                wakePending.set(false);
                for (WriteOp.Delete d; gathered < settings.commitBytes() && (d = deletes.poll()) != null; ) {
                    batch.add(d);
                    gathered += d.commitBytes();
                }
                if (!batch.isEmpty() || System.currentTimeMillis() - lastExpiryCheck >= expiryCheckMs()) {
                    commit(batch);
                }
                refusalLog.logDue();
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.forEach(op -> intake.release(op.reservedBytes()));
                batch.clear();
            }
        }
    }

    /**
     * Reopens the file after a failed commit, waiting longer between attempts, and proves it with a commit.
     * Meanwhile appends are refused (counted) so that no producer waits on a store that cannot write;
     * acknowledgements wait and are applied once the file is back.
     */
    private void heal() throws InterruptedException {
        long waitMs = REOPEN_FIRST_WAIT_MS;
        while (running) {
            refuseQueued();
            Thread.sleep(waitMs);
            synchronized (readLock) {
                files.close();
                try {
                    faults.beforeReopen();
                    files = OutboxFiles.open(settings.directory(), settings.cacheBytes());
                    loadCounters();
                    faults.beforeCommit(files.write);
                    files.schema.saveNextId(files.write, nextId);
                    files.write.commit();
                } catch (final SQLException | RuntimeException | OutOfMemoryError e) {
                    failure = e.getMessage();
                    waitMs = Math.min(waitMs * 2, REOPEN_MAX_WAIT_MS);
                    LOG.errorf("Outbox file %s could not be reopened yet (%s); retrying in %d ms",
                            settings.directory(), e.getMessage(), waitMs);
                    continue;
                }
            }
            reopened.incrementAndGet();
            LOG.infof("Outbox reopened at %s after %d ms: %d message(s) stored, accepting readings again",
                    settings.directory(), System.currentTimeMillis() - unwritableSince, depth.get());
            markWritable();
            return;
        }
    }

    /** Fails what waits for the writer, except acknowledgements, which wait for the file to come back. */
    private void refuseQueued() {
        final BufferUnavailableException refusal = new BufferUnavailableException("outbox cannot write: " + failure,
                null);
        for (WriteOp op; (op = queue.poll()) != null; ) {
            if (op instanceof WriteOp.Append) {
                rejected.addAndGet(((WriteOp.Append) op).messages.size());
            }
            intake.release(op.reservedBytes());
            op.fail(refusal);
        }
        wakePending.set(false);
    }

    private void markWritable() {
        unwritableSince = 0;
        failure = null;
        writable = true;
    }

    private void markUnwritable(final Throwable cause) {
        failure = String.valueOf(cause.getMessage());
        if (unwritableSince == 0) {
            unwritableSince = System.currentTimeMillis();
        }
        writable = false;
    }

    /**
     * Collects what arrives within the commit window after the first operation. Every H2 commit writes a
     * chunk of its own, so many small commits cost far more CPU than one larger one; a poll waits a few
     * milliseconds longer to be accepted instead. The commit stops at its byte share of the memory budget:
     * H2 builds each commit's chunk in one buffer, and an unbounded one ran the heap out under overload.
     */
    private long gather(final List<WriteOp> batch, final long firstBytes) throws InterruptedException {
        final long end = System.nanoTime() + COMMIT_WINDOW_NANOS;
        long gathered = firstBytes;
        long left;
        while (batch.size() < MAX_OPS_PER_COMMIT && gathered < settings.commitBytes()) {
            WriteOp next = queue.poll();
            if (next == null && (left = end - System.nanoTime()) > 0) {
                next = queue.poll(left, TimeUnit.NANOSECONDS);
            }
            if (next == null) {
                break;
            }
            batch.add(next);
            gathered += next.reservedBytes();
        }
        return gathered;
    }

    private void commit(final List<WriteOp> batch) {
        final OutboxFiles f = files;
        final GroupCommit group = new GroupCommit(f.write, f.schema, settings, nextId, depth.get(), bytes.get(),
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
            group.commit(faults);
            if (unwritableSince != 0) {
                markWritable();
            }
        } catch (final SQLException | RuntimeException | OutOfMemoryError e) {
            // an OutOfMemoryError here is H2 failing to grow one commit's buffer: the batch is dropped with
            // the transaction and the heap is free again; anything else out of memory is not caught
            group.rollback();
            markUnwritable(e);
            final long refusedAppends = batch.stream().filter(op -> op instanceof WriteOp.Append)
                    .mapToLong(op -> ((WriteOp.Append) op).messages.size()).sum();
            rejected.addAndGet(refusedAppends);
            LOG.errorf("Outbox commit failed, %d operation(s) not applied (%d message(s) refused); reopening %s: %s",
                    batch.size(), refusedAppends, settings.directory(), e);
            final BufferUnavailableException failed = new BufferUnavailableException(
                    "outbox cannot write: " + e.getMessage(), e);
            batch.forEach(op -> op.fail(failed));
            requeueAcknowledgements(batch);
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

    /**
     * Puts the acknowledgements of a failed commit back in line: their rows are still stored and would
     * otherwise be published again, a duplicate for every one.
     */
    private void requeueAcknowledgements(final List<WriteOp> batch) {
        for (final WriteOp op : batch) {
            if (op instanceof WriteOp.Delete) {
                deletes.add((WriteOp.Delete) op);
            }
        }
    }
}
