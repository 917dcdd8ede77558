package dev.fieldgate.rig;

import com.google.protobuf.ByteString;
import dev.fieldgate.tunnel.proto.TunnelProtos.Message;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The tunneling service with a source at the far end, written from the protocol digest: a TLS WebSocket
 * server on {@code /tunnel} that checks the destination's token and mode, picks a protocol from the offered
 * ones, announces the service ids and then plays the source: starts streams and connections, sends data with
 * back-pressure and records what comes back (length and SHA-256 per connection).
 */
public final class TunnelServiceDouble implements AutoCloseable {

    /** What came back on one connection. */
    public static final class Received {
        public final AtomicLong bytes = new AtomicLong();
        final MessageDigest digest;
        public final StringBuilder head = new StringBuilder();

        Received() {
            try {
                digest = MessageDigest.getInstance("SHA-256");
            } catch (final java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        /** @return the SHA-256 of everything received so far, hex. */
        public synchronized String sha256() {
            try {
                return java.util.HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
            } catch (final CloneNotSupportedException e) {
                throw new IllegalStateException(e);
            }
        }

        synchronized void add(final byte[] data) {
            digest.update(data);
            bytes.addAndGet(data.length);
            if (head.length() < 256) {
                head.append(new String(data, 0, Math.min(data.length, 256), java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
    }

    public final List<Message> controls = new CopyOnWriteArrayList<>();
    public final Map<String, Received> received = new ConcurrentHashMap<>();
    public volatile String acceptedToken;
    public volatile String chosenProtocol;
    private final Vertx vertx;
    private final HttpServer server;
    private final List<String> supported;
    private final List<String> serviceIds;
    private final String token;
    private volatile ServerWebSocket ws;
    private Buffer pending = Buffer.buffer();

    /**
     * Listens on a free port of localhost.
     *
     * @param pkiDir      holds server.pem/server.key for localhost
     * @param token       the access token the destination must present
     * @param supported   protocols this double speaks, best first
     * @param serviceIds  announced after the handshake (protocol 2 and 3)
     */
    public TunnelServiceDouble(final Vertx vertx, final Path pkiDir, final String token, final List<String> supported,
                               final List<String> serviceIds) throws Exception {
        this.vertx = vertx;
        this.token = token;
        this.supported = supported;
        this.serviceIds = serviceIds;
        server = vertx.createHttpServer(new HttpServerOptions().setSsl(true).setKeyCertOptions(new PemKeyCertOptions()
                .setCertPath(pkiDir.resolve("server.pem").toString()).setKeyPath(pkiDir.resolve("server.key").toString()))
                .setWebSocketSubProtocols(supported).setMaxWebSocketFrameSize(131_076).setMaxWebSocketMessageSize(1 << 20));
        server.webSocketHandler(this::accept);
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** @return wss://localhost:port */
    public String endpoint() {
        return "wss://localhost:" + server.actualPort();
    }

    /** @return true once a destination is connected. */
    public boolean connected() {
        return ws != null && !ws.isClosed();
    }

    private void accept(final ServerWebSocket socket) {
        if (!"/tunnel".equals(socket.path()) || !"local-proxy-mode=destination".equals(socket.query())
                || !token.equals(socket.headers().get("access-token"))) {
            socket.reject(socket.path().equals("/tunnel") ? 401 : 400);
            return;
        }
        acceptedToken = socket.headers().get("access-token");
        // the handshake picks the protocol; it is known once the WebSocket is accepted
        socket.accept();
        chosenProtocol = socket.subProtocol();
        ws = socket;
        socket.binaryMessageHandler(this::fromDestination);
        if (!chosenProtocol.endsWith("1.0")) {
            send(Message.newBuilder().setType(Message.Type.SERVICE_IDS).addAllAvailableServiceIds(serviceIds).build());
        }
    }

    private synchronized void fromDestination(final Buffer data) {
        pending.appendBuffer(data);
        int at = 0;
        while (pending.length() - at >= 2 && pending.length() - at - 2 >= pending.getUnsignedShort(at)) {
            final int length = pending.getUnsignedShort(at);
            try {
                final Message m = Message.parseFrom(pending.getBytes(at + 2, at + 2 + length));
                if (m.getType() == Message.Type.DATA) {
                    received.computeIfAbsent(key(m.getServiceId(), m.getConnectionId()), k -> new Received())
                            .add(m.getPayload().toByteArray());
                } else {
                    controls.add(m);
                }
            } catch (final com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException("the destination sent a broken frame", e);
            }
            at += 2 + length;
        }
        pending = pending.getBuffer(at, pending.length());
    }

    /** Sends a message as the service/source. */
    public void send(final Message m) {
        final byte[] body = m.toByteArray();
        ws.writeBinaryMessage(Buffer.buffer().appendUnsignedShort(body.length).appendBytes(body));
    }

    /** Sends raw bytes on the WebSocket, e.g. a malformed frame. */
    public void sendRaw(final Buffer b) {
        ws.writeBinaryMessage(b);
    }

    /** @return a message of the given kind, ids set when non-zero/non-empty. */
    public static Message msg(final Message.Type type, final int stream, final String service, final int connection) {
        final Message.Builder b = Message.newBuilder().setType(type).setStreamId(stream);
        if (service != null) {
            b.setServiceId(service);
        }
        if (connection != 0) {
            b.setConnectionId(connection);
        }
        return b.build();
    }

    /**
     * Sends {@code total} deterministic bytes as DATA in 63 KiB messages, waiting while the WebSocket's write
     * queue is full.
     *
     * @return the SHA-256 of what was sent, hex
     */
    public String pump(final int stream, final String service, final int connection, final long total, final long seed)
            throws Exception {
        final MessageDigest sent = MessageDigest.getInstance("SHA-256");
        final java.util.Random random = new java.util.Random(seed);
        final byte[] chunk = new byte[64_512];
        long left = total;
        while (left > 0) {
            final int n = (int) Math.min(chunk.length, left);
            random.nextBytes(chunk);
            sent.update(chunk, 0, n);
            final Message.Builder b = Message.newBuilder().setType(Message.Type.DATA).setStreamId(stream)
                    .setPayload(ByteString.copyFrom(chunk, 0, n));
            if (service != null) {
                b.setServiceId(service);
            }
            if (connection != 0) {
                b.setConnectionId(connection);
            }
            final Message m = b.build();
            final Promise<Void> room = Promise.promise();
            vertx.runOnContext(v -> {
                send(m);
                if (ws.writeQueueFull()) {
                    ws.drainHandler(x -> room.tryComplete());
                } else {
                    room.complete();
                }
            });
            room.future().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            left -= n;
        }
        return java.util.HexFormat.of().formatHex(sent.digest());
    }

    /** @return the key of a connection's record. */
    public static String key(final String service, final int connection) {
        return (service == null ? "" : service) + "#" + connection;
    }

    @Override
    public void close() throws Exception {
        server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
