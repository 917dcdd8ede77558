package dev.fieldgate.buffer.h2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Creates the outbox tables from {@code store-forward/schema.sql} and holds the file's epoch and id counter. */
final class OutboxSchema {

    static final int VERSION = 1;
    private static final String SCHEMA_RESOURCE = "/store-forward/schema.sql";

    private final String epoch;
    private final long nextId;

    private OutboxSchema(final String epoch, final long nextId) {
        this.epoch = epoch;
        this.nextId = nextId;
    }

    /** Applies the schema (idempotent) and reads or creates the meta rows; leaves autocommit off. */
    static OutboxSchema apply(final Connection conn) throws SQLException {
        conn.setAutoCommit(false);
        try (Statement st = conn.createStatement()) {
            for (final String sql : statements()) {
                st.execute(sql);
            }
        }
        final String version = meta(conn, "schema", Integer.toString(VERSION));
        if (Integer.parseInt(version) > VERSION) {
            throw new SQLException("outbox file has schema " + version + ", this Fieldgate knows up to " + VERSION);
        }
        final String epoch = meta(conn, "epoch", String.format("%08x", new SecureRandom().nextInt()));
        final long next = Long.parseLong(meta(conn, "next-id", "1"));
        conn.commit();
        return new OutboxSchema(epoch, next);
    }

    String epoch() {
        return epoch;
    }

    long nextId() {
        return nextId;
    }

    /** @return the stable message id of outbox row {@code id}. */
    String messageId(final long id) {
        return epoch + "-" + id;
    }

    void saveNextId(final Connection conn, final long next) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("UPDATE fieldgate_meta SET val = ? WHERE name = 'next-id'")) {
            st.setString(1, Long.toString(next));
            st.executeUpdate();
        }
    }

    private static String meta(final Connection conn, final String name, final String initial) throws SQLException {
        try (PreparedStatement st = conn.prepareStatement("SELECT val FROM fieldgate_meta WHERE name = ?")) {
            st.setString(1, name);
            try (ResultSet rs = st.executeQuery()) {
                if (rs.next()) {
                    return rs.getString(1);
                }
            }
        }
        try (PreparedStatement st = conn.prepareStatement("INSERT INTO fieldgate_meta (name, val) VALUES (?, ?)")) {
            st.setString(1, name);
            st.setString(2, initial);
            st.executeUpdate();
        }
        return initial;
    }

    private static String[] statements() {
        try (InputStream in = OutboxSchema.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the application");
            }
            final String sql = Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(l -> l.replaceFirst("--.*$", ""))
                    .collect(Collectors.joining("\n"));
            return Arrays.stream(sql.split(";")).map(String::trim).filter(s -> !s.isEmpty()).toArray(String[]::new);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
