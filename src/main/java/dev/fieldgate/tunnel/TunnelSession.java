package dev.fieldgate.tunnel;

import com.google.protobuf.ByteString;
import dev.fieldgate.network.ProxyRoute;
import dev.fieldgate.tunnel.proto.TunnelProtos.Message;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.ProxyOptions;
import io.vertx.core.net.ProxyType;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One tunnel, destination side: the WebSocket to the tunneling service (protocol 3, 2 or 1 as negotiated)
 * and the local TCP connections its streams open, only ever to allow-listed services. Everything runs on the
 * WebSocket's event loop. Data flows both ways with back-pressure, so a slow device or a slow tunnel pauses
 * the other side instead of filling memory. A failing connection is reset alone; other streams go on.
 */
public final class TunnelSession {

    private static final Logger LOG = Logger.getLogger(TunnelSession.class);
    static final List<String> PROTOCOLS = List.of("aws.iot.securetunneling-3.0", "aws.iot.securetunneling-2.0",
            "aws.iot.securetunneling-1.0");
    private static final int MAX_WS_FRAME = 131_076;

    /** A service a tunnel may reach. */
    public record Target(String host, int port) {
        /** @throws IllegalArgumentException when {@code hostPort} is not host:port */
        public static Target parse(final String hostPort) {
            final int colon = hostPort.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
            }
            final int port;
            try {
                port = Integer.parseInt(hostPort.substring(colon + 1));
            } catch (final NumberFormatException e) {
                throw new IllegalArgumentException("'" + hostPort + "' has no port number");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("'" + hostPort + "': port outside 1..65535");
            }
            return new Target(hostPort.substring(0, colon), port);
        }
    }

    /** A local TCP connection of a stream. */
    private final class Conn {
        final String service;
        final int streamId;
        final int connectionId;
        NetSocket socket;
        final List<Buffer> early = new ArrayList<>();
        boolean closed;

        Conn(final String service, final int streamId, final int connectionId) {
            this.service = service;
            this.streamId = streamId;
            this.connectionId = connectionId;
        }
    }

    private final Vertx vertx;
    private final String label;
    private final Map<String, Target> allowed;
    private final TunnelNotification notification;
    private final String endpoint;
    private final Path endpointCa;
    private final Duration pingInterval;
    private final Duration connectTimeout;
    private final TunnelFrames frames = new TunnelFrames();
    private final Map<String, Integer> activeStream = new HashMap<>();
    private final Map<String, Boolean> usesConnectionIds = new HashMap<>();
    private final Map<String, Conn> conns = new HashMap<>();
    private final List<NetSocket> paused = new ArrayList<>();
    private NetClient net;
    private WebSocketClient wsClient;
    private volatile ProxyRoute proxy;
    private WebSocket ws;
    private int version;
    private long pinger = -1;
    private volatile boolean closed;
    private io.vertx.core.Context context;

    /**
     * @param vertx           the event loops
     * @param label           thing name, for logs
     * @param allowed         service id → target, the allow-list of this thing
     * @param notification    the tunnel to join
     * @param endpoint        wss://host[:port] of the tunneling service
     * @param endpointCa      CA to trust for the endpoint, or null for the JVM's trust store
     * @param pingInterval    WebSocket ping interval
     * @param connectTimeout  local TCP connect timeout
     */
    public TunnelSession(final Vertx vertx, final String label, final Map<String, Target> allowed,
                         final TunnelNotification notification, final String endpoint, final Path endpointCa,
                         final Duration pingInterval, final Duration connectTimeout) {
        this.vertx = vertx;
        this.label = label;
        this.allowed = Map.copyOf(allowed);
        this.notification = notification;
        this.endpoint = endpoint;
        this.endpointCa = endpointCa;
        this.pingInterval = pingInterval;
        this.connectTimeout = connectTimeout;
    }

    /** Connects the WebSocket through {@code proxy} (the local connections stay direct). Call before {@link #start()}. */
    public void viaProxy(final ProxyRoute proxy) {
        this.proxy = proxy;
    }

    /** Connects the WebSocket; returns at once. Everything of the session then runs on one event loop. */
    public void start() {
        context = vertx.getOrCreateContext();
        context.runOnContext(v -> connect());
    }

    private void connect() {
        net = vertx.createNetClient(new NetClientOptions().setConnectTimeout((int) connectTimeout.toMillis()));
        final WebSocketClientOptions options = new WebSocketClientOptions().setMaxFrameSize(MAX_WS_FRAME)
                .setMaxMessageSize(4 * MAX_WS_FRAME).setVerifyHost(true);
        if (endpointCa != null) {
            options.setTrustOptions(new PemTrustOptions().addCertPath(endpointCa.toString()));
        }
        if (proxy != null) {
            final ProxyOptions p = new ProxyOptions().setHost(proxy.host()).setPort(proxy.port())
                    .setType(proxy.kind() == ProxyRoute.Kind.HTTP ? ProxyType.HTTP : ProxyType.SOCKS5);
            if (proxy.authenticated()) {
                p.setUsername(proxy.username()).setPassword(proxy.password());
            }
            options.setProxyOptions(p);
        }
        wsClient = vertx.createWebSocketClient(options);
        final WebSocketConnectOptions connect = new WebSocketConnectOptions()
                .setAbsoluteURI(endpoint + "/tunnel?local-proxy-mode=destination")
                .addHeader("access-token", notification.token())
                .setSubProtocols(PROTOCOLS);
        wsClient.connect(connect).onSuccess(this::opened).onFailure(e ->
                LOG.errorf("Tunnel for %s: cannot connect to %s: %s", label, endpoint, e.getMessage()));
    }

    private void opened(final WebSocket socket) {
        if (closed) {
            socket.close();
            return;
        }
        ws = socket;
        final String protocol = socket.subProtocol();
        version = protocol == null ? 1 : protocol.endsWith("3.0") ? 3 : protocol.endsWith("2.0") ? 2 : 1;
        LOG.infof("Tunnel for %s open (protocol %d, services %s)", label, version, notification.services());
        socket.binaryMessageHandler(data -> frames.feed(data, this::onMessage,
                reason -> LOG.warnf("Tunnel for %s: %s; skipped", label, reason)));
        socket.textMessageHandler(t -> {
            LOG.warnf("Tunnel for %s: the service sent a text frame; closing", label);
            close();
        });
        socket.closeHandler(v -> {
            LOG.infof("Tunnel for %s closed", label);
            closeConnections();
        });
        socket.exceptionHandler(e -> LOG.warnf("Tunnel for %s: %s", label, e.getMessage()));
        socket.drainHandler(v -> {
            paused.forEach(NetSocket::resume);
            paused.clear();
        });
        pinger = vertx.setPeriodic(pingInterval.toMillis(), id -> {
            if (ws != null && !ws.isClosed()) {
                ws.writePing(Buffer.buffer("fieldgate"));
            }
        });
    }

    private void onMessage(final Message m) {
        final String service = serviceOf(m);
        switch (m.getType()) {
            case SERVICE_IDS:
                m.getAvailableServiceIdsList().stream().filter(s -> !allowed.containsKey(s)).forEach(s ->
                        LOG.warnf("Tunnel for %s names service %s, which is not allow-listed: its streams are refused",
                                label, s));
                break;
            case STREAM_START:
                startStream(m, service);
                break;
            case CONNECTION_START:
                if (!isActive(service, m.getStreamId()) || conns.containsKey(key(service, m.getConnectionId()))) {
                    send(reset(Message.Type.CONNECTION_RESET, m.getStreamId(), service, m.getConnectionId()));
                } else {
                    open(service, m.getStreamId(), m.getConnectionId());
                }
                break;
            case DATA:
                if (isActive(service, m.getStreamId())) {
                    final Conn c = conns.get(key(service, connectionOf(m)));
                    if (c != null) {
                        write(c, Buffer.buffer(m.getPayload().toByteArray()));
                    }
                }
                break;
            case STREAM_RESET:
                if (isActive(service, m.getStreamId())) {
                    activeStream.remove(service);
                    closeService(service);
                }
                break;
            case CONNECTION_RESET:
                final Conn c = conns.remove(key(service, connectionOf(m)));
                if (c != null) {
                    c.closed = true;
                    if (c.socket != null) {
                        c.socket.close();
                    }
                }
                break;
            case SESSION_RESET:
                activeStream.clear();
                closeConnections();
                break;
            default:
                break;
        }
    }

    private void startStream(final Message m, final String service) {
        if (service == null || !allowed.containsKey(service)) {
            LOG.warnf("Tunnel for %s: stream for service '%s' refused: not allow-listed", label, service);
            send(reset(Message.Type.STREAM_RESET, m.getStreamId(), m.getServiceId(), 0));
            return;
        }
        // a new stream replaces the service's old one
        closeService(service);
        activeStream.put(service, m.getStreamId());
        usesConnectionIds.put(service, m.getConnectionId() != 0);
        open(service, m.getStreamId(), m.getConnectionId() == 0 ? 1 : m.getConnectionId());
    }

    private void open(final String service, final int streamId, final int connectionId) {
        final Target target = allowed.get(service);
        final Conn c = new Conn(service, streamId, connectionId);
        conns.put(key(service, connectionId), c);
        net.connect(target.port(), target.host()).onSuccess(socket -> {
            if (c.closed) {
                socket.close();
                return;
            }
            c.socket = socket;
            c.early.forEach(b -> write(c, b));
            c.early.clear();
            socket.handler(data -> toTunnel(c, data));
            socket.closeHandler(v -> {
                if (!c.closed && conns.remove(key(service, connectionId)) == c) {
                    send(closing(c));
                }
            });
            socket.exceptionHandler(e -> LOG.debugf("Tunnel for %s, %s: %s", label, service, e.getMessage()));
        }).onFailure(e -> {
            LOG.warnf("Tunnel for %s: cannot reach %s (%s:%d): %s", label, service, target.host(), target.port(),
                    e.getMessage());
            if (conns.remove(key(service, connectionId)) == c) {
                send(closing(c));
            }
        });
    }

    /** Protocol 3 with connection ids closes one connection; otherwise the stream ends with its only socket. */
    private Message closing(final Conn c) {
        if (version >= 3 && Boolean.TRUE.equals(usesConnectionIds.get(c.service))) {
            return reset(Message.Type.CONNECTION_RESET, c.streamId, c.service, c.connectionId);
        }
        activeStream.remove(c.service);
        return reset(Message.Type.STREAM_RESET, c.streamId, c.service, 0);
    }

    private void write(final Conn c, final Buffer data) {
        if (c.socket == null) {
            c.early.add(data);
            return;
        }
        c.socket.write(data);
        if (c.socket.writeQueueFull() && ws != null) {
            ws.pause();
            c.socket.drainHandler(v -> ws.resume());
        }
    }

    private void toTunnel(final Conn c, final Buffer data) {
        for (int at = 0; at < data.length(); at += TunnelFrames.MAX_PAYLOAD) {
            final Message.Builder b = Message.newBuilder().setType(Message.Type.DATA).setStreamId(c.streamId)
                    .setPayload(ByteString.copyFrom(data.getBytes(at, Math.min(data.length(), at + TunnelFrames.MAX_PAYLOAD))));
            addIds(b, c.service, c.connectionId);
            send(b.build());
        }
        if (ws != null && ws.writeQueueFull()) {
            c.socket.pause();
            paused.add(c.socket);
        }
    }

    private Message reset(final Message.Type type, final int streamId, final String service, final int connectionId) {
        final Message.Builder b = Message.newBuilder().setType(type).setStreamId(streamId);
        addIds(b, service, connectionId);
        return b.build();
    }

    private void addIds(final Message.Builder b, final String service, final int connectionId) {
        if (version >= 2 && service != null && !service.isEmpty()) {
            b.setServiceId(service);
        }
        if (version >= 3 && connectionId != 0 && Boolean.TRUE.equals(usesConnectionIds.get(service))) {
            b.setConnectionId(connectionId);
        }
    }

    private void send(final Message m) {
        if (ws != null && !ws.isClosed()) {
            ws.writeBinaryMessage(TunnelFrames.encode(m));
        }
    }

    private String serviceOf(final Message m) {
        if (version == 1) {
            // protocol 1 knows one service per tunnel: the first of the notification's that is allow-listed
            return notification.services().stream().filter(allowed::containsKey).findFirst().orElse(null);
        }
        return m.getServiceId();
    }

    private static int connectionOf(final Message m) {
        return m.getConnectionId() == 0 ? 1 : m.getConnectionId();
    }

    private boolean isActive(final String service, final int streamId) {
        final Integer active = activeStream.get(service);
        return active != null && active == streamId;
    }

    private static String key(final String service, final int connectionId) {
        return service + "\u0000" + connectionId;
    }

    private void closeService(final String service) {
        conns.entrySet().removeIf(e -> {
            if (e.getValue().service.equals(service)) {
                e.getValue().closed = true;
                if (e.getValue().socket != null) {
                    e.getValue().socket.close();
                }
                return true;
            }
            return false;
        });
    }

    private void closeConnections() {
        conns.values().forEach(c -> {
            c.closed = true;
            if (c.socket != null) {
                c.socket.close();
            }
        });
        conns.clear();
    }

    /** Closes the tunnel and every local connection; safe from any thread. */
    public void close() {
        closed = true;
        if (context == null) {
            return;
        }
        context.runOnContext(v -> {
            if (pinger >= 0) {
                vertx.cancelTimer(pinger);
            }
            closeConnections();
            if (ws != null) {
                ws.close();
            }
            if (wsClient != null) {
                wsClient.close();
            }
            if (net != null) {
                net.close();
            }
        });
    }

    /** @return the negotiated protocol version, 0 before the WebSocket opened. */
    public int version() {
        return version;
    }
}
