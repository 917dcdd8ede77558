package dev.fieldgate.command;

import dev.fieldgate.util.H2Files;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands received, by device and session id, in H2 ({@code data/commands/commands.mv.db}): what makes
 * a command run at most once across reconnects, redeliveries and restarts, and what lets a reply that could
 * not be sent go out after the next connect. Every change is committed before the method returns.
 */
final class CommandLog implements AutoCloseable {

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS command ("
            + "device VARCHAR(128) NOT NULL, session_id VARCHAR(64) NOT NULL, received_at BIGINT NOT NULL, "
            + "payload_hash VARCHAR(64) NOT NULL, state VARCHAR(8) NOT NULL, reply_topic VARCHAR(256) NOT NULL, "
            + "correlation VARBINARY(1024), reply CLOB, delivered BOOLEAN NOT NULL, PRIMARY KEY (device, session_id))";

    /** What is on record for a command. */
    record Entry(String device, String sessionId, String payloadHash, boolean done, String replyTopic,
                 byte[] correlation, String reply, boolean delivered) {
    }

    private final Connection connection;

    CommandLog(final Path dir) {
        this.connection = H2Files.open(dir, "commands", SCHEMA);
    }

    /**
     * Records a command as running, unless it is on record already.
     *
     * @return empty when recorded now (run it), else the existing entry (do not run it again)
     */
    synchronized Optional<Entry> begin(final String device, final String sessionId, final String payloadHash,
                                       final String replyTopic, final byte[] correlation) {
        final Optional<Entry> existing = find(device, sessionId);
        if (existing.isPresent()) {
            return existing;
        }
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO command (device, session_id, received_at, "
                + "payload_hash, state, reply_topic, correlation, reply, delivered) VALUES (?, ?, ?, ?, 'RUNNING', ?, ?, "
                + "NULL, FALSE)")) {
            ps.setString(1, device);
            ps.setString(2, sessionId);
            ps.setLong(3, System.currentTimeMillis());
            ps.setString(4, payloadHash);
            ps.setString(5, replyTopic);
            ps.setBytes(6, correlation);
            ps.executeUpdate();
            return Optional.empty();
        } catch (final SQLException e) {
            throw new IllegalStateException("command log: " + e.getMessage(), e);
        }
    }

    /** Stores the reply of a command that ran. */
    synchronized void finish(final String device, final String sessionId, final String reply) {
        update("UPDATE command SET state = 'DONE', reply = ? WHERE device = ? AND session_id = ?", reply, device, sessionId);
    }

    /** Notes that the broker acknowledged the reply. */
    synchronized void delivered(final String device, final String sessionId) {
        update("UPDATE command SET delivered = TRUE WHERE device = ? AND session_id = ?", null, device, sessionId);
    }

    /** @return finished commands whose reply the broker has not acknowledged, oldest first. */
    synchronized List<Entry> undelivered() {
        return query("SELECT * FROM command WHERE state = 'DONE' AND delivered = FALSE ORDER BY received_at");
    }

    /** @return commands that were running when the gateway stopped. */
    synchronized List<Entry> interrupted() {
        return query("SELECT * FROM command WHERE state = 'RUNNING' ORDER BY received_at");
    }

    /** Forgets commands older than {@code age}. @return how many */
    synchronized int purge(final Duration age) {
        try (PreparedStatement ps = connection.prepareStatement("DELETE FROM command WHERE received_at < ?")) {
            ps.setLong(1, System.currentTimeMillis() - age.toMillis());
            return ps.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("command log: " + e.getMessage(), e);
        }
    }

    private Optional<Entry> find(final String device, final String sessionId) {
        try (PreparedStatement ps = connection.prepareStatement("SELECT * FROM command WHERE device = ? AND session_id = ?")) {
            ps.setString(1, device);
            ps.setString(2, sessionId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(entry(rs)) : Optional.empty();
            }
        } catch (final SQLException e) {
            throw new IllegalStateException("command log: " + e.getMessage(), e);
        }
    }

    private List<Entry> query(final String sql) {
        final List<Entry> out = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(entry(rs));
            }
            return out;
        } catch (final SQLException e) {
            throw new IllegalStateException("command log: " + e.getMessage(), e);
        }
    }

    private void update(final String sql, final String first, final String device, final String sessionId) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            int i = 1;
            if (first != null) {
                ps.setString(i++, first);
            }
            ps.setString(i++, device);
            ps.setString(i, sessionId);
            ps.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("command log: " + e.getMessage(), e);
        }
    }

    private static Entry entry(final ResultSet rs) throws SQLException {
        return new Entry(rs.getString("device"), rs.getString("session_id"), rs.getString("payload_hash"),
                "DONE".equals(rs.getString("state")), rs.getString("reply_topic"), rs.getBytes("correlation"),
                rs.getString("reply"), rs.getBoolean("delivered"));
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (final SQLException e) {
            // best effort: everything was committed
        }
    }
}
