package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.BufferFullException;
import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.config.BufferConfig.Overflow;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The writes of one outbox transaction: inserts, acknowledged deletes, refusals moved aside, refused
 * messages sent again or discarded, and overflow drops.
 */
final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    private static final int DROP_CHUNK = 1000;
    private static final int MAX_REASON = 512;

    private final Connection conn;
    private final OutboxSchema schema;
    private final OutboxSettings settings;
    private final List<OutboxEntry> inserts = new ArrayList<>();
    private final List<WriteOp.Delete> deletes = new ArrayList<>();
    /** Refused entries by outbox id (one entry may be refused twice before a commit), with the reason. */
    private final Map<Long, WriteOp.Delete> refusals = new LinkedHashMap<>();
    private final List<WriteOp.Refused> refusedOps = new ArrayList<>();
    private long nextId;
    private long depth;
    private long bytes;
    private long refusedKept;
    private long refusedBytes;
    private int requeued;
    private long rejectedCount;
    private long droppedCount;
    private long expiredCount;
    private long expireBefore;

    GroupCommit(final Connection conn, final OutboxSchema schema, final OutboxSettings settings, final long nextId,
                final long depth, final long bytes, final long refusedKept, final long refusedBytes) {
        this.conn = conn;
        this.schema = schema;
        this.settings = settings;
        this.nextId = nextId;
        this.depth = depth;
        this.bytes = bytes;
        this.refusedKept = refusedKept;
        this.refusedBytes = refusedBytes;
    }

    void add(final WriteOp op) {
        if (op instanceof WriteOp.Append) {
            addAppend((WriteOp.Append) op);
        } else if (op instanceof WriteOp.Delete) {
            final WriteOp.Delete d = (WriteOp.Delete) op;
            deletes.add(d);
            if (d.reason != null && refusals.putIfAbsent(d.id, d) == null) {
                rejectedCount++;
            }
        } else if (op instanceof WriteOp.Refused) {
            refusedOps.add((WriteOp.Refused) op);
        }
    }

    private void addAppend(final WriteOp.Append op) {
        final long now = System.currentTimeMillis();
        final List<OutboxEntry> entries = new ArrayList<>(op.messages.size());
        long size = 0;
        long id = nextId;
        try {
            for (final OutboundMessage m : op.messages) {
                final String messageId = schema.messageId(id);
                final byte[] payload = m.payload().apply(messageId);
                if (payload.length > OutboxSettings.MAX_PAYLOAD_BYTES) {
                    throw new IllegalArgumentException("payload of " + payload.length + " bytes for " + m.topic()
                            + " exceeds " + OutboxSettings.MAX_PAYLOAD_BYTES);
                }
                entries.add(new OutboxEntry(id++, messageId, m.stream(), m.topic(), m.qos(), now, payload));
                size += payload.length;
            }
        } catch (final RuntimeException e) {
            op.refusal = e;
            rejectedCount += op.messages.size();
            return;
        }
        if (settings.overflow() == Overflow.REJECT_NEW && bytes + size > settings.maxBytes()) {
            op.refusal = new BufferFullException("outbox holds " + bytes + " of " + settings.maxBytes()
                    + " bytes and the overflow policy is reject-new");
            rejectedCount += op.messages.size();
            return;
        }
        nextId = id;
        bytes += size;
        depth += entries.size();
        inserts.addAll(entries);
        op.entries = entries;
    }

    /** @return true when the ops added so far change nothing stored (flushes and wake-ups only). */
    boolean isEmpty() {
        return inserts.isEmpty() && deletes.isEmpty() && rejectedCount == 0 && expireBefore == 0
                && refusedOps.isEmpty();
    }

    void commit(final OutboxFaults faults) throws SQLException {
        keepRefused();
        applyDeletes();
        insert(inserts);
        for (final WriteOp.Refused op : refusedOps) {
            if (op.resend) {
                resendRefused(op);
            } else {
                discardRefused(op);
            }
        }
        trimRefused();
        if (settings.overflow() == Overflow.DROP_OLDEST) {
            dropOldest();
        }
        if (expireBefore > 0) {
            expire();
        }
        schema.saveNextId(conn, nextId);
        faults.beforeCommit(conn);
        conn.commit();
        // a lost deletion costs a duplicate at worst, so only commits that accept messages are forced
        if (settings.syncOnCommit() && (!inserts.isEmpty() || requeued > 0)) {
            try (Statement st = conn.createStatement()) {
                st.execute("CHECKPOINT SYNC");
            }
        }
    }

    void rollback() {
        try {
            conn.rollback();
        } catch (final SQLException e) {
            LOG.debugf("rollback failed: %s", e.getMessage());
        }
    }

    /** Copies the refused rows still stored into the refused table, before the deletes take them out. */
    private void keepRefused() throws SQLException {
        if (refusals.isEmpty()) {
            return;
        }
        final long now = System.currentTimeMillis();
        final List<WriteOp.Delete> refused = new ArrayList<>(refusals.values());
        try (PreparedStatement st = conn.prepareStatement("INSERT INTO refused (id, stream, topic, qos, created_at, "
                + "payload, refused_at, reason) SELECT id, stream, topic, qos, created_at, payload, ?, ? FROM outbox "
                + "WHERE id = ?")) {
            for (final WriteOp.Delete r : refused) {
                st.setLong(1, now);
                st.setString(2, r.reason.length() > MAX_REASON ? r.reason.substring(0, MAX_REASON) : r.reason);
                st.setLong(3, r.id);
                st.addBatch();
            }
            final int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // 0 when the overflow policy dropped the row before the refusal arrived
                if (counts[i] > 0) {
                    refusedKept++;
                    refusedBytes += refused.get(i).payloadBytes;
                }
            }
        }
    }

    /** Appends every kept refused message to the outbox with new ids, oldest first, and empties the table. */
    private void resendRefused(final WriteOp.Refused op) throws SQLException {
        if (settings.overflow() == Overflow.REJECT_NEW && bytes + refusedBytes > settings.maxBytes()) {
            op.refusal = new BufferFullException("the " + refusedBytes + " refused bytes do not fit the outbox ("
                    + bytes + " of " + settings.maxBytes() + " bytes stored, overflow policy reject-new)");
            return;
        }
        // all at once: the refused table is bounded by fieldgate.buffer.refused-max-size
        final List<OutboxEntry> again = new ArrayList<>();
        try (PreparedStatement read = conn.prepareStatement(
                "SELECT stream, topic, qos, created_at, payload FROM refused ORDER BY id");
             ResultSet rs = read.executeQuery()) {
            while (rs.next()) {
                final long id = nextId++;
                // the acceptance time stays: retention still counts from when the reading was taken
                again.add(new OutboxEntry(id, schema.messageId(id), rs.getString(1), rs.getString(2), rs.getInt(3),
                        rs.getLong(4), rs.getBytes(5)));
            }
        }
        insert(again);
        for (final OutboxEntry e : again) {
            bytes += e.payload().length;
        }
        depth += again.size();
        deleteAllRefused();
        requeued += again.size();
        op.count = again.size();
    }

    private void discardRefused(final WriteOp.Refused op) throws SQLException {
        op.count = (int) refusedKept;
        deleteAllRefused();
    }

    private void deleteAllRefused() throws SQLException {
        try (Statement st = conn.createStatement()) {
            st.executeUpdate("DELETE FROM refused");
        }
        refusedKept = 0;
        refusedBytes = 0;
    }

    /** Keeps the refused messages within their budget: the oldest go, counted as dropped. */
    private void trimRefused() throws SQLException {
        while (refusedBytes > settings.refusedMaxBytes()) {
            final List<long[]> victims = oldest("refused", refusedBytes - settings.refusedMaxBytes());
            if (victims.isEmpty()) {
                return;
            }
            deleteIds("refused", victims);
            victims.forEach(v -> refusedBytes -= v[1]);
            refusedKept -= victims.size();
            droppedCount += victims.size();
            LOG.warnf("Refused messages over their %d byte budget (fieldgate.buffer.refused-max-size): deleted the "
                    + "%d oldest", settings.refusedMaxBytes(), victims.size());
        }
    }

    /**
     * @param table  outbox or refused
     * @param excess payload bytes to free
     * @return {id, payload bytes} of the oldest rows that free {@code excess} bytes, at most a chunk of them
     */
    private List<long[]> oldest(final String table, final long excess) throws SQLException {
        final List<long[]> victims = new ArrayList<>();
        long freed = 0;
        try (PreparedStatement st = conn.prepareStatement(
                "SELECT id, OCTET_LENGTH(payload) FROM " + table + " ORDER BY id LIMIT ?")) {
            st.setInt(1, DROP_CHUNK);
            try (ResultSet rs = st.executeQuery()) {
                while (freed < excess && rs.next()) {
                    victims.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    freed += rs.getLong(2);
                }
            }
        }
        return victims;
    }

    private void deleteIds(final String table, final List<long[]> rows) throws SQLException {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM " + table + " WHERE id = ?")) {
            for (final long[] v : rows) {
                del.setLong(1, v[0]);
                del.addBatch();
            }
            del.executeBatch();
        }
    }

    private void applyDeletes() throws SQLException {
        if (deletes.isEmpty()) {
            return;
        }
        try (PreparedStatement st = conn.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (final WriteOp.Delete d : deletes) {
                st.setLong(1, d.id);
                st.addBatch();
            }
            final int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // 0 when the overflow policy dropped the row before its acknowledgement arrived
                if (counts[i] > 0) {
                    depth--;
                    bytes -= deletes.get(i).payloadBytes;
                }
            }
        }
    }

    private void insert(final List<OutboxEntry> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement st = conn.prepareStatement(
                "INSERT INTO outbox (id, stream, topic, qos, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (final OutboxEntry e : rows) {
                st.setLong(1, e.id());
                st.setString(2, e.stream());
                st.setString(3, e.topic());
                st.setInt(4, e.qos());
                st.setLong(5, e.createdAt());
                st.setBytes(6, e.payload());
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private void dropOldest() throws SQLException {
        while (bytes > settings.maxBytes()) {
            final List<long[]> victims = oldest("outbox", bytes - settings.maxBytes());
            if (victims.isEmpty()) {
                return;
            }
            deleteRows(victims);
            droppedCount += victims.size();
        }
    }

    /** Deletes outbox rows given as {id, payload bytes} and takes them off the depth and byte counts. */
    private void deleteRows(final List<long[]> victims) throws SQLException {
        deleteIds("outbox", victims);
        for (final long[] v : victims) {
            bytes -= v[1];
        }
        depth -= victims.size();
    }

    long nextId() {
        return nextId;
    }

    long depth() {
        return depth;
    }

    long bytes() {
        return bytes;
    }

    long rejectedCount() {
        return rejectedCount;
    }

    long refusedKept() {
        return refusedKept;
    }

    long refusedBytes() {
        return refusedBytes;
    }

    /** @return the refusals this commit set aside */
    java.util.Collection<WriteOp.Delete> refusals() {
        return refusals.values();
    }

    /** @return refused messages put back into the outbox by this commit */
    int requeued() {
        return requeued;
    }

    /** Makes this commit also delete the messages accepted before {@code epochMillis}. */
    void expireBefore(final long epochMillis) {
        this.expireBefore = epochMillis;
    }

    /** Ids follow acceptance time, so the expired messages are the oldest ones: delete from the front. */
    private void expire() throws SQLException {
        while (true) {
            final List<long[]> victims = new ArrayList<>();
            try (PreparedStatement st = conn.prepareStatement(
                    "SELECT id, OCTET_LENGTH(payload), created_at FROM outbox ORDER BY id LIMIT ?")) {
                st.setInt(1, DROP_CHUNK);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next() && rs.getLong(3) < expireBefore) {
                        victims.add(new long[] {rs.getLong(1), rs.getLong(2)});
                    }
                }
            }
            if (victims.isEmpty()) {
                return;
            }
            deleteRows(victims);
            expiredCount += victims.size();
            if (victims.size() < DROP_CHUNK) {
                return;
            }
        }
    }

    long expiredCount() {
        return expiredCount;
    }

    long droppedCount() {
        return droppedCount;
    }

    List<OutboxEntry> appended() {
        return inserts;
    }
}
