package dev.fieldgate.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.util.H2Files;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The shadows' H2 file ({@code data/shadows/shadows.mv.db}); every save is committed before it returns. */
public final class ShadowStore implements AutoCloseable {

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS shadow ("
            + "device VARCHAR(128) NOT NULL, name VARCHAR(64) NOT NULL, document CLOB NOT NULL, "
            + "deleted BOOLEAN NOT NULL, cloud_version BIGINT NOT NULL, base CLOB, local_version BIGINT NOT NULL, "
            + "PRIMARY KEY (device, name))";

    private final Connection connection;

    /** Opens or creates the store in {@code dir}. */
    public ShadowStore(final Path dir) {
        this.connection = H2Files.open(dir, "shadows", SCHEMA);
    }

    /** @return the stored shadow, deleted ones included. */
    public synchronized Optional<StoredShadow> load(final String device, final String name) {
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT document, deleted, cloud_version, base, local_version FROM shadow WHERE device = ? AND name = ?")) {
            ps.setString(1, device);
            ps.setString(2, name);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                final ShadowDocument doc = ShadowMessages.fromStored(ShadowEngine.JSON.readTree(rs.getString(1)));
                final String base = rs.getString(4);
                return Optional.of(new StoredShadow(device, name, doc, rs.getBoolean(2), rs.getLong(3),
                        base == null ? null : (ObjectNode) ShadowEngine.JSON.readTree(base), rs.getLong(5)));
            }
        } catch (final SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot read shadow " + device + "/" + name + ": " + e.getMessage(), e);
        }
    }

    /** Writes the shadow and commits. */
    public synchronized void save(final StoredShadow s) {
        try (PreparedStatement ps = connection.prepareStatement(
                "MERGE INTO shadow (device, name, document, deleted, cloud_version, base, local_version) "
                        + "KEY (device, name) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, s.device());
            ps.setString(2, s.name());
            ps.setString(3, ShadowEngine.JSON.writeValueAsString(ShadowMessages.stored(s.document())));
            ps.setBoolean(4, s.deleted());
            ps.setLong(5, s.cloudVersion());
            ps.setString(6, s.base() == null ? null : ShadowEngine.JSON.writeValueAsString(s.base()));
            ps.setLong(7, s.syncedLocalVersion());
            ps.executeUpdate();
        } catch (final SQLException | JsonProcessingException e) {
            throw new IllegalStateException("cannot save shadow " + s.device() + "/" + s.name() + ": " + e.getMessage(), e);
        }
    }

    /** @return every stored shadow's key, deleted ones included. */
    public synchronized List<ShadowKey> keys() {
        final List<ShadowKey> out = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT device, name FROM shadow ORDER BY device, name");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new ShadowKey(rs.getString(1), rs.getString(2)));
            }
            return out;
        } catch (final SQLException e) {
            throw new IllegalStateException("cannot list shadows: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (final SQLException e) {
            // closing is best effort: everything saved was committed already
        }
    }
}
