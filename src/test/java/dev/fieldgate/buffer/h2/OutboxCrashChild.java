package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.OutboundMessage;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Child process of {@link OutboxCrashTest}: appends without pause and prints the id of every message the
 * outbox reports accepted, until it is killed.
 */
public final class OutboxCrashChild {

    private OutboxCrashChild() {
    }

    /** @param args data directory, then true/false for sync-on-commit */
    public static void main(final String[] args) throws Exception {
        final PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        final H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(Path.of(args[0])).maxBytes(1L << 30)
                .syncOnCommit(Boolean.parseBoolean(args[1])).intakeBytes(1L << 30).build());
        out.println("READY");
        long n = 0;
        while (true) {
            final List<OutboundMessage> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                final long seq = n++;
                batch.add(new OutboundMessage("dev-" + (seq % 7), "dt/crash/dev", 1,
                        id -> ("{\"id\":\"" + id + "\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8)));
            }
            outbox.append(batch).thenAccept(entries -> entries.forEach(e -> out.println("ACK " + e.messageId()))).get();
        }
    }
}
