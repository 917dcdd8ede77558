package dev.fieldgate.buffer.h2;

import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * The open outbox file: the writer's connection, the readers' connection and the schema read from it. Replaced
 * as a whole when the outbox reopens its file after a failure.
 */
final class OutboxFiles implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OutboxFiles.class);

    final Connection write;
    final Connection read;
    final OutboxSchema schema;
    /** Guarded by the outbox's read lock: the drainer asks for the next batch many times a second. */
    private PreparedStatement readNext;

    private OutboxFiles(final Connection write, final Connection read, final OutboxSchema schema) {
        this.write = write;
        this.read = read;
        this.schema = schema;
    }

    /**
     * Opens both connections and applies the schema.
     *
     * @throws SQLException when H2 cannot open the file
     */
    static OutboxFiles open(final Path dir, final long cacheBytes) throws SQLException {
        final String url = jdbcUrl(dir, cacheBytes);
        Connection w = null;
        try {
            w = DriverManager.getConnection(url, "fieldgate", "");
            final Connection r = DriverManager.getConnection(url, "fieldgate", "");
            try {
                return new OutboxFiles(w, r, OutboxSchema.apply(w));
            } catch (final SQLException | RuntimeException e) {
                closeQuietly(r);
                throw e;
            }
        } catch (final SQLException | RuntimeException e) {
            closeQuietly(w);
            throw e;
        }
    }

    static String jdbcUrl(final Path dir, final long cacheBytes) {
        // WRITE_DELAY=0: H2 otherwise holds committed changes in memory for up to 500 ms, and a kill -9 in
        // that window loses messages already reported accepted (OutboxCrashTest fails without it).
        // DB_CLOSE_ON_EXIT=FALSE: the gateway closes the outbox itself after the last acknowledgement is
        // committed, instead of H2's shutdown hook closing it under a running writer.
        // CACHE_SIZE (KiB): H2's default 16 MiB page cache is wasted on a queue read once from its head (the
        // drainer keeps its own read-ahead); its share of fieldgate.memory.budget
        return "jdbc:h2:file:" + dir.toAbsolutePath().resolve("outbox")
                + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;CACHE_SIZE=" + Math.max(256, cacheBytes / 1024);
    }

    /** @return the prepared "next entries" query, made on first use; call under the read lock */
    PreparedStatement readNext() throws SQLException {
        if (readNext == null) {
            readNext = read.prepareStatement(
                    "SELECT id, stream, topic, qos, created_at, payload FROM outbox WHERE id > ? ORDER BY id LIMIT ?");
        }
        return readNext;
    }

    /** Closes both connections; H2 closes the file with the last one. Never throws. */
    @Override
    public void close() {
        closeQuietly(read);
        closeQuietly(write);
    }

    private static void closeQuietly(final Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (final SQLException | RuntimeException e) {
                LOG.debugf("close failed: %s", e.getMessage());
            }
        }
    }
}
