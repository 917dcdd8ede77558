package dev.fieldgate.rig;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay between the gateway and its broker that the test can slow down (latency per chunk, order kept),
 * blackhole (nothing passes, connections stay open, as on a dead cellular link) or cut (connections reset).
 */
public final class FaultyLink implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile long latencyMs;
    private volatile boolean blackhole;
    private volatile boolean closed;

    /** Listens on a free loopback port and relays to {@code targetPort} on loopback. */
    public FaultyLink(final int targetPort) {
        this.target = targetPort;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final Thread acceptor = new Thread(this::accept, "faulty-link");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** @return the port the gateway connects to. */
    public int port() {
        return server.getLocalPort();
    }

    /** Delays every chunk by {@code ms} in both directions (0 for none). */
    public void latency(final long ms) {
        latencyMs = ms;
    }

    /** While on, no byte passes and new connections hang; nothing is closed. */
    public void blackhole(final boolean on) {
        blackhole = on;
    }

    /** Resets every relayed connection, as a router reboot does. */
    public void cut() {
        sockets.forEach(FaultyLink::closeQuietly);
        sockets.clear();
    }

    private void accept() {
        while (!closed) {
            try {
                final Socket client = server.accept();
                final Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (final IOException e) {
                if (!closed) {
                    continue;
                }
                return;
            }
        }
    }

    private void pump(final Socket from, final Socket to) {
        final Thread t = new Thread(() -> {
            final byte[] buf = new byte[16384];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    while (blackhole && !closed) {
                        Thread.sleep(20);
                    }
                    if (latencyMs > 0) {
                        Thread.sleep(latencyMs);
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (final IOException | InterruptedException e) {
                // connection over
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "faulty-link-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(final Socket s) {
        try {
            s.close();
        } catch (final IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        closed = true;
        cut();
        try {
            server.close();
        } catch (final IOException e) {
            // already closed
        }
    }
}
