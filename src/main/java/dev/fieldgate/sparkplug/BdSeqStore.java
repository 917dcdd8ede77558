package dev.fieldgate.sparkplug;

import dev.fieldgate.util.AtomicFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * The last bdSeq the edge node used, kept in the data directory so that a restarted gateway goes on counting
 * (spec 7.1: each CONNECT takes the previous bdSeq plus one). Otherwise a gateway killed and restarted would begin
 * at 0 again, and the will of the dead session, which the broker may deliver only after the new birth, could carry
 * the very number of that birth and end it in the host's eyes. A store that cannot be read or written is logged and
 * the node goes on counting in memory.
 */
final class BdSeqStore {

    private static final Logger LOG = Logger.getLogger(BdSeqStore.class);

    private final Path file;

    /** @param file where the number is kept, e.g. {@code data/sparkplug/bdseq} */
    BdSeqStore(final Path file) {
        this.file = file;
    }

    /** @return the last bdSeq used (0..255), or -1 when none was kept or the file is unreadable */
    long last() {
        try {
            final long v = Long.parseLong(new String(Files.readAllBytes(file), StandardCharsets.US_ASCII).trim());
            if (v >= 0 && v <= 255) {
                return v;
            }
            LOG.warnf("%s holds %d, not a bdSeq; counting from 0", file, v);
        } catch (final NoSuchFileException e) {
            return -1;
        } catch (final IOException | NumberFormatException e) {
            LOG.warnf("%s is unreadable (%s); counting from 0", file, e.getMessage());
        }
        return -1;
    }

    /** Keeps the bdSeq of the connect about to happen. */
    void used(final long bdSeq) {
        try {
            AtomicFiles.write(file, Long.toString(bdSeq), false);
        } catch (final UncheckedIOException e) {
            LOG.warnf("bdSeq %d not kept: %s", bdSeq, e.getMessage());
        }
    }
}
