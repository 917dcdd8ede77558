package dev.fieldgate.rig;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An outbound proxy of a plant network, HTTP CONNECT (RFC 9110 §9.3.6, basic authentication) or SOCKS5 (RFC 1928,
 * user name and password per RFC 1929). It knows host names the test machine cannot resolve ({@code names}), so a
 * client that reaches such a host can only have gone through it; every byte relayed is counted.
 */
public final class ProxyDouble implements AutoCloseable {

    /** The protocol served. */
    public enum Kind { HTTP, SOCKS5 }

    private final Kind kind;
    private final Map<String, String> names;
    private final String user;
    private final String password;
    private final ServerSocket server;
    private final List<String> targets = new CopyOnWriteArrayList<>();
    private final List<String> refused = new CopyOnWriteArrayList<>();
    private final AtomicLong relayed = new AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();

    /**
     * @param kind     protocol
     * @param names    host names only this proxy resolves → the address they stand for
     * @param user     required user name, or null for none
     * @param password required password
     */
    public ProxyDouble(final Kind kind, final Map<String, String> names, final String user, final String password)
            throws IOException {
        this.kind = kind;
        this.names = Map.copyOf(names);
        this.user = user;
        this.password = password;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final Thread t = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    final Socket s = server.accept();
                    open.add(s);
                    new Thread(() -> serve(s), "proxy-conn").start();
                } catch (final IOException e) {
                    return;
                }
            }
        }, "proxy");
        t.setDaemon(true);
        t.start();
    }

    private void serve(final Socket client) {
        try {
            final InputStream in = client.getInputStream();
            final OutputStream out = client.getOutputStream();
            final String target = kind == Kind.HTTP ? httpConnect(in, out) : socks5(new DataInputStream(in), out);
            if (target == null) {
                client.close();
                return;
            }
            targets.add(target);
            final int colon = target.lastIndexOf(':');
            final String host = names.getOrDefault(target.substring(0, colon), target.substring(0, colon));
            final Socket upstream = new Socket(host, Integer.parseInt(target.substring(colon + 1)));
            open.add(upstream);
            if (kind == Kind.HTTP) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            } else {
                out.write(new byte[] {5, 0, 0, 1, 0, 0, 0, 0, 0, 0});
            }
            out.flush();
            Relay.start(in, upstream.getOutputStream(), upstream, relayed);
            Relay.start(upstream.getInputStream(), out, client, relayed);
        } catch (final IOException | RuntimeException e) {
            try {
                client.close();
            } catch (final IOException ignored) {
                // closing
            }
        }
    }

    private String httpConnect(final InputStream in, final OutputStream out) throws IOException {
        final String head = readHead(in);
        final String[] lines = head.split("\r\n");
        final String[] request = lines[0].split(" ");
        if (request.length < 2 || !request[0].equals("CONNECT")) {
            refused.add("not CONNECT: " + lines[0]);
            out.write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            return null;
        }
        if (user != null) {
            final String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                    .getBytes(StandardCharsets.UTF_8));
            final boolean ok = List.of(lines).stream().anyMatch(l -> l.regionMatches(true, 0, "Proxy-Authorization:", 0, 20)
                    && l.substring(20).trim().equals(expected));
            if (!ok) {
                refused.add("no or wrong credentials for " + request[1]);
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"plant\"\r\n"
                        + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                return null;
            }
        }
        return request[1];
    }

    private String socks5(final DataInputStream in, final OutputStream out) throws IOException {
        if (in.readUnsignedByte() != 5) {
            refused.add("not SOCKS5");
            return null;
        }
        final byte[] methods = in.readNBytes(in.readUnsignedByte());
        final int wanted = user == null ? 0 : 2;
        if (!new String(methods, StandardCharsets.ISO_8859_1).contains(String.valueOf((char) wanted))) {
            out.write(new byte[] {5, (byte) 0xFF});
            refused.add("no acceptable authentication method");
            return null;
        }
        out.write(new byte[] {5, (byte) wanted});
        if (wanted == 2) {
            in.readUnsignedByte();
            final String u = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            final String p = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.UTF_8);
            final boolean ok = u.equals(user) && p.equals(password);
            out.write(new byte[] {1, (byte) (ok ? 0 : 1)});
            if (!ok) {
                refused.add("wrong credentials");
                return null;
            }
        }
        in.readUnsignedByte();
        final int command = in.readUnsignedByte();
        in.readUnsignedByte();
        final int type = in.readUnsignedByte();
        final String host = switch (type) {
            case 1 -> InetAddress.getByAddress(in.readNBytes(4)).getHostAddress();
            case 3 -> new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.ISO_8859_1);
            case 4 -> InetAddress.getByAddress(in.readNBytes(16)).getHostAddress();
            default -> throw new IOException("address type " + type);
        };
        final int port = in.readUnsignedShort();
        if (command != 1) {
            out.write(new byte[] {5, 7, 0, 1, 0, 0, 0, 0, 0, 0});
            refused.add("command " + command);
            return null;
        }
        return host + ":" + port;
    }

    private static String readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (out.size() < 16_384) {
            final int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
            if (out.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** @return the proxy's port on 127.0.0.1 */
    public int port() {
        return server.getLocalPort();
    }

    /** @return every {@code host:port} a client asked to reach */
    public List<String> targets() {
        return List.copyOf(targets);
    }

    /** @return why requests were refused */
    public List<String> refused() {
        return List.copyOf(refused);
    }

    /** @return bytes relayed both ways */
    public long relayed() {
        return relayed.get();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (final Socket s : open) {
            s.close();
        }
    }
}
