package dev.fieldgate.rig;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicLong;

/** Copies one direction of a relayed connection on a thread of its own, as the test fronts and proxies do. */
final class Relay {

    private Relay() {
    }

    /**
     * @param from          where bytes come from
     * @param to            where they go
     * @param closeWhenDone closed when either side ends
     * @param counter       counts the bytes copied
     */
    static void start(final InputStream from, final OutputStream to, final Closeable closeWhenDone,
                      final AtomicLong counter) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[16_384];
            try {
                for (int n; (n = from.read(buf)) >= 0; ) {
                    counter.addAndGet(n);
                    to.write(buf, 0, n);
                    to.flush();
                }
            } catch (final IOException e) {
                // either side went away
            }
            closeQuietly(closeWhenDone);
        }, "test-relay");
        t.setDaemon(true);
        t.start();
    }

    static void closeQuietly(final Closeable c) {
        try {
            c.close();
        } catch (final IOException e) {
            // closing
        }
    }
}
