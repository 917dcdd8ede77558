package dev.fieldgate.rig;

import dev.fieldgate.util.PemTls;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for the AWS IoT Core front door: terminates TLS (with or without a client certificate), looks at what
 * the client offered (ALPN, the certificate, the HTTP upgrade request of a WebSocket) and either forwards the
 * plain bytes to a broker behind it or drops the connection, as the cloud does. What it saw is kept for the test.
 */
public final class TlsFront implements AutoCloseable {

    /**
     * One connection as the front saw it.
     *
     * @param alpnOffered   ALPN protocols in the ClientHello (empty when none)
     * @param alpnChosen    the protocol agreed ("" for none)
     * @param clientSubject the client certificate's subject, or null
     * @param requestHead   the HTTP request head (WebSocket mode), or null
     */
    public record Seen(List<String> alpnOffered, String alpnChosen, String clientSubject, String requestHead) {
    }

    private final SSLServerSocket server;
    private final int backendPort;
    private final boolean readHttpHead;
    private final Function<Seen, String> check;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final List<String> dropped = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong relayed = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean closed;

    /**
     * @param pkiDir        directory with the CA ({@code ca.pem})
     * @param serverName    name of the server certificate files ({@code <name>.pem}, {@code <name>.key})
     * @param needClientAuth whether a client certificate of the CA is required
     * @param alpnServes    ALPN protocols the front agrees to (empty: ALPN ignored)
     * @param readHttpHead  whether to read the HTTP request head before forwarding (WebSocket)
     * @param check         what was seen → null to forward, or the reason to drop the connection
     * @param backendPort   plain port of the broker behind the front, on 127.0.0.1
     */
    public TlsFront(final Path pkiDir, final String serverName, final boolean needClientAuth,
                    final List<String> alpnServes, final boolean readHttpHead, final Function<Seen, String> check,
                    final int backendPort) throws Exception {
        this(pkiDir, serverName, needClientAuth, alpnServes, readHttpHead, check, backendPort, 0);
    }

    /** @param listenPort the front's port (0: any free one), to stand in again for an endpoint that went away */
    public TlsFront(final Path pkiDir, final String serverName, final boolean needClientAuth,
                    final List<String> alpnServes, final boolean readHttpHead, final Function<Seen, String> check,
                    final int backendPort, final int listenPort) throws Exception {
        this.backendPort = backendPort;
        this.readHttpHead = readHttpHead;
        this.check = check;
        final SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(PemTls.keyManagers(pkiDir.resolve(serverName + ".pem"), pkiDir.resolve(serverName + ".key"))
                .getKeyManagers(), PemTls.trustManagers(pkiDir.resolve("ca.pem")).getTrustManagers(), null);
        server = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket(listenPort, 50,
                InetAddress.getLoopbackAddress());
        final SSLParameters params = server.getSSLParameters();
        params.setNeedClientAuth(needClientAuth);
        server.setSSLParameters(params);
        final Thread accept = new Thread(() -> {
            while (!closed) {
                try {
                    final SSLSocket s = (SSLSocket) server.accept();
                    final List<String> offered = new CopyOnWriteArrayList<>();
                    s.setHandshakeApplicationProtocolSelector((sock, protocols) -> {
                        offered.addAll(protocols);
                        return protocols.stream().filter(alpnServes::contains).findFirst().orElse("");
                    });
                    new Thread(() -> serve(s, offered), "tls-front-conn").start();
                } catch (final IOException e) {
                    return;
                }
            }
        }, "tls-front");
        accept.setDaemon(true);
        accept.start();
    }

    private void serve(final SSLSocket client, final List<String> offered) {
        open.add(client);
        try {
            client.startHandshake();
            String subject = null;
            try {
                subject = ((X509Certificate) client.getSession().getPeerCertificates()[0]).getSubjectX500Principal()
                        .getName();
            } catch (final IOException e) {
                // no client certificate
            }
            final InputStream in = client.getInputStream();
            final byte[] head = readHttpHead ? readHead(in) : new byte[0];
            final Seen s = new Seen(List.copyOf(offered), client.getApplicationProtocol(), subject,
                    readHttpHead ? new String(head, StandardCharsets.ISO_8859_1) : null);
            seen.add(s);
            String refusal;
            try {
                refusal = check.apply(s);
            } catch (final RuntimeException e) {
                refusal = "check failed: " + e;
            }
            if (refusal != null) {
                dropped.add(refusal);
                if (readHttpHead) {
                    client.getOutputStream().write(("HTTP/1.1 403 Forbidden\r\ncontent-length: 0\r\n\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                } else {
                    in.read(new byte[1]); // the drop comes after the client spoke, as AWS's does
                }
                client.close();
                return;
            }
            final Socket backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
            open.add(backend);
            // the front consumes the authentication, as the cloud's does: the broker behind it sees a plain /mqtt
            backend.getOutputStream().write(readHttpHead ? withoutQuery(head) : head);
            Relay.start(in, backend.getOutputStream(), backend, relayed);
            Relay.start(backend.getInputStream(), client.getOutputStream(), client, relayed);
        } catch (final IOException e) {
            dropped.add("handshake: " + e.getMessage());
            Relay.closeQuietly(client);
        }
    }

    private static byte[] withoutQuery(final byte[] head) {
        final String text = new String(head, StandardCharsets.ISO_8859_1);
        return text.replaceFirst("^(GET [^?\\s]*)\\?\\S*", "$1").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] readHead(final InputStream in) throws IOException {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4 && out.size() < 16_384) {
            final int b = in.read();
            if (b < 0) {
                break;
            }
            out.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return out.toByteArray();
    }

    /** @return the port clients connect to */
    public int port() {
        return server.getLocalPort();
    }

    /** @return every connection that completed its handshake */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** @return why connections were dropped */
    public List<String> dropped() {
        return List.copyOf(dropped);
    }

    /** Drops every open connection, as a front restart would. */
    public void dropAll() {
        open.forEach(Relay::closeQuietly);
        open.clear();
    }

    @Override
    public void close() {
        closed = true;
        Relay.closeQuietly(server);
        dropAll();
    }
}
