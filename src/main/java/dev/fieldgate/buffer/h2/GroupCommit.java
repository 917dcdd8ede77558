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
import java.util.List;

/** The writes of one outbox transaction: inserts, acknowledged deletes and overflow drops. */
final class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class);
    private static final int DROP_CHUNK = 1000;

    private final Connection conn;
    private final OutboxSchema schema;
    private final OutboxSettings settings;
    private final List<OutboxEntry> inserts = new ArrayList<>();
    private final List<OutboxEntry> deletes = new ArrayList<>();
    private long nextId;
    private long depth;
    private long bytes;
    private long rejectedCount;
    private long droppedCount;
    private long expiredCount;
    private long expireBefore;

    GroupCommit(final Connection conn, final OutboxSchema schema, final OutboxSettings settings, final long nextId,
                final long depth, final long bytes) {
        this.conn = conn;
        this.schema = schema;
        this.settings = settings;
        this.nextId = nextId;
        this.depth = depth;
        this.bytes = bytes;
    }

    void add(final WriteOp op) {
        if (op instanceof WriteOp.Append) {
            addAppend((WriteOp.Append) op);
        } else if (op instanceof WriteOp.Delete) {
            final WriteOp.Delete d = (WriteOp.Delete) op;
            deletes.add(d.entry);
            if (d.reason != null) {
                rejectedCount++;
                LOG.errorf("Broker refused message %s on %s for good (%s); it is dropped", d.entry.messageId(),
                        d.entry.topic(), d.reason);
            }
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
        return inserts.isEmpty() && deletes.isEmpty() && rejectedCount == 0 && expireBefore == 0;
    }

    void commit() throws SQLException {
        applyDeletes();
        applyInserts();
        if (settings.overflow() == Overflow.DROP_OLDEST) {
            dropOldest();
        }
        if (expireBefore > 0) {
            expire();
        }
        schema.saveNextId(conn, nextId);
        conn.commit();
        // a lost deletion costs a duplicate at worst, so only commits that accept messages are forced
        if (settings.syncOnCommit() && !inserts.isEmpty()) {
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

    private void applyDeletes() throws SQLException {
        if (deletes.isEmpty()) {
            return;
        }
        try (PreparedStatement st = conn.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (final OutboxEntry e : deletes) {
                st.setLong(1, e.id());
                st.addBatch();
            }
            final int[] counts = st.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                // 0 when the overflow policy dropped the row before its acknowledgement arrived
                if (counts[i] > 0) {
                    depth--;
                    bytes -= deletes.get(i).payload().length;
                }
            }
        }
    }

    private void applyInserts() throws SQLException {
        if (inserts.isEmpty()) {
            return;
        }
        try (PreparedStatement st = conn.prepareStatement(
                "INSERT INTO outbox (id, stream, topic, qos, created_at, payload) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (final OutboxEntry e : inserts) {
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
            final List<long[]> victims = new ArrayList<>();
            long freed = 0;
            try (PreparedStatement st = conn.prepareStatement(
                    "SELECT id, OCTET_LENGTH(payload) FROM outbox ORDER BY id LIMIT ?")) {
                st.setInt(1, DROP_CHUNK);
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next() && bytes - freed > settings.maxBytes()) {
                        victims.add(new long[] {rs.getLong(1), rs.getLong(2)});
                        freed += rs.getLong(2);
                    }
                }
            }
            if (victims.isEmpty()) {
                return;
            }
            deleteRows(victims);
            droppedCount += victims.size();
        }
    }

    /** Deletes rows given as {id, payload bytes} and takes them off the depth and byte counts. */
    private void deleteRows(final List<long[]> victims) throws SQLException {
        try (PreparedStatement del = conn.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
            for (final long[] v : victims) {
                del.setLong(1, v[0]);
                del.addBatch();
            }
            del.executeBatch();
        }
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
