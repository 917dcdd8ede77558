package dev.fieldgate.util;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Opens the small H2 databases that hold state next to the buffer (shadows, the command log). */
public final class H2Files {

    private H2Files() {
    }

    /**
     * Opens (creating if needed) {@code dir/name.mv.db} with the same durability as the outbox and runs the
     * schema statements, which must be idempotent ({@code CREATE … IF NOT EXISTS}).
     *
     * @throws UncheckedIOException when the directory cannot be made
     * @throws IllegalStateException when the database cannot be opened (locked by another process, damaged)
     */
    public static Connection open(final Path dir, final String name, final String... schema) {
        try {
            Files.createDirectories(dir);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        // WRITE_DELAY=0 so that what was committed survives kill -9; closing is the owner's job, not H2's hook
        final String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve(name) + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0"
                // H2 caches 16 MiB per database by default, most of the gateway's heap for three small files
                + ";CACHE_SIZE=1024";
        try {
            final Connection c = DriverManager.getConnection(url, "fieldgate", "");
            try (Statement s = c.createStatement()) {
                for (final String sql : schema) {
                    s.execute(sql);
                }
            }
            return c;
        } catch (final SQLException e) {
            throw new IllegalStateException("cannot open " + dir.resolve(name + ".mv.db") + ": " + e.getMessage(), e);
        }
    }
}
