import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.OutboxEntry;
import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * bench/buffer.sh runs this: outbox append and drain throughput against a raw H2 ceiling in the same run.
 * The ceiling is plain batched JDBC on an equivalent table in its own file, with the same durability
 * (WRITE_DELAY=0, and CHECKPOINT SYNC per commit when sync is on) and the same batch size the outbox's group
 * commit reaches. Arguments: MESSAGES PAYLOAD_BYTES PRODUCERS.
 */
public final class BufferBench {

    public static void main(final String[] args) throws Exception {
        final int n = Integer.parseInt(args[0]);
        final int size = Integer.parseInt(args[1]);
        final int producers = Integer.parseInt(args[2]);
        final byte[] body = "x".repeat(size).getBytes(StandardCharsets.US_ASCII);
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        java.util.Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers())
                .forEach(h -> h.setLevel(java.util.logging.Level.WARNING));
        // warm-up: the same code paths once, unmeasured, so that neither side pays for the JIT
        raw(Math.min(n, 20_000), body, false);
        outbox(Math.min(n, 20_000), body, false, producers);
        System.out.printf("%d messages of %d bytes, %d producer threads, one message per append (one device poll)%n%n",
                n, size, producers);
        System.out.printf("%-10s %-8s %14s %14s %8s%n", "sync", "phase", "raw H2 msg/s", "outbox msg/s", "ratio");
        for (final boolean sync : new boolean[] {false, true}) {
            final double[] raw = raw(n, body, sync);
            final double[] outbox = outbox(n, body, sync, producers);
            System.out.printf("%-10s %-8s %14.0f %14.0f %8.2f%n", sync, "append", raw[0], outbox[0], outbox[0] / raw[0]);
            System.out.printf("%-10s %-8s %14.0f %14.0f %8.2f%n", sync, "drain", raw[1], outbox[1], outbox[1] / raw[1]);
        }
    }

    /** @return {appends/s, drains/s} of plain JDBC in batches of 1000 rows per transaction */
    private static double[] raw(final int n, final byte[] body, final boolean sync) throws Exception {
        final Path dir = Files.createTempDirectory("raw-h2");
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dir.resolve("raw") + ";WRITE_DELAY=0", "sa", "")) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.execute("CREATE TABLE outbox (id BIGINT PRIMARY KEY, stream VARCHAR(128) NOT NULL, topic VARCHAR(256)"
                        + " NOT NULL, qos TINYINT NOT NULL, created_at BIGINT NOT NULL, payload VARBINARY(262144) NOT NULL)");
            }
            c.commit();
            final int batch = 1000;   // larger than any group commit the outbox makes: a ceiling, not a peer
            long t0 = System.nanoTime();
            try (PreparedStatement ins = c.prepareStatement("INSERT INTO outbox VALUES (?, ?, ?, ?, ?, ?)");
                 Statement st = c.createStatement()) {
                for (int i = 0; i < n; i++) {
                    ins.setLong(1, i + 1);
                    ins.setString(2, "dev-" + (i % 100));
                    ins.setString(3, "dt/fieldgate/gw/dev-" + (i % 100) + "/telemetry");
                    ins.setInt(4, 1);
                    ins.setLong(5, System.currentTimeMillis());
                    ins.setBytes(6, body);
                    ins.addBatch();
                    if ((i + 1) % batch == 0 || i == n - 1) {
                        ins.executeBatch();
                        c.commit();
                        if (sync) {
                            st.execute("CHECKPOINT SYNC");
                        }
                    }
                }
            }
            final double append = n / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            long after = 0;
            try (PreparedStatement sel = c.prepareStatement("SELECT id, stream, topic, qos, created_at, payload FROM outbox"
                    + " WHERE id > ? ORDER BY id LIMIT 1000");
                 PreparedStatement del = c.prepareStatement("DELETE FROM outbox WHERE id = ?")) {
                while (true) {
                    sel.setLong(1, after);
                    int rows = 0;
                    try (ResultSet rs = sel.executeQuery()) {
                        while (rs.next()) {
                            after = rs.getLong(1);
                            rs.getBytes(6);
                            del.setLong(1, after);
                            del.addBatch();
                            rows++;
                        }
                    }
                    if (rows == 0) {
                        break;
                    }
                    del.executeBatch();
                    c.commit();
                }
            }
            return new double[] {append, n / ((System.nanoTime() - t0) / 1e9)};
        }
    }

    /** @return {appends/s, drains/s} through the outbox: concurrent single-message appends, then read + acknowledge */
    private static double[] outbox(final int n, final byte[] body, final boolean sync, final int producers)
            throws Exception {
        final Path dir = Files.createTempDirectory("outbox");
        try (H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(dir).maxBytes(1L << 34).syncOnCommit(sync)
                .intakeBytes(1L << 30).build())) {
            final Semaphore window = new Semaphore(20_000);   // pollers never have more than this outstanding
            final long t0 = System.nanoTime();
            final List<Thread> threads = new ArrayList<>();
            for (int p = 0; p < producers; p++) {
                final int first = p;
                final Thread t = new Thread(() -> {
                    for (int i = first; i < n; i += producers) {
                        final String dev = "dev-" + (i % 100);
                        window.acquireUninterruptibly();
                        outbox.append(List.of(new OutboundMessage(dev, "dt/fieldgate/gw/" + dev + "/telemetry", 1,
                                id -> body))).whenComplete((e, err) -> window.release());
                    }
                });
                threads.add(t);
                t.start();
            }
            for (final Thread t : threads) {
                t.join();
            }
            window.acquireUninterruptibly(20_000);
            final double append = n / ((System.nanoTime() - t0) / 1e9);
            if (outbox.stats().accepted() != n) {
                throw new IllegalStateException("accepted " + outbox.stats().accepted() + " of " + n);
            }
            final long t1 = System.nanoTime();
            long cursor = 0;
            while (true) {
                final List<OutboxEntry> batch = outbox.readAfter(cursor, 256);
                if (batch.isEmpty()) {
                    break;
                }
                for (final OutboxEntry e : batch) {
                    outbox.acknowledge(e);
                    cursor = e.id();
                }
            }
            outbox.flush().get();
            final double drain = n / ((System.nanoTime() - t1) / 1e9);
            if (outbox.stats().depth() != 0) {
                throw new IllegalStateException("depth " + outbox.stats().depth() + " after the drain");
            }
            return new double[] {append, drain};
        }
    }
}
