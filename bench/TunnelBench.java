import dev.fieldgate.tunnel.TunnelNotification;
import dev.fieldgate.tunnel.TunnelSession;
import dev.fieldgate.tunnel.proto.TunnelProtos.Message;
import dev.fieldgate.web.tls.SelfSignedCertificate;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.PemKeyCertOptions;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tunnel throughput against a direct loopback TCP copy, in the same run: both push MEGABYTES through a local
 * echo server and wait for all of it to come back; the tunnel path adds the TLS WebSocket, the framing and the
 * gateway's relay. Prints MB/s (one way) and the ratio.
 */
public final class TunnelBench {

    public static void main(final String[] args) throws Exception {
        final long bytes = Long.parseLong(args.length > 0 ? args[0] : "200") * 1024 * 1024;
        final Vertx vertx = Vertx.vertx();
        final NetServer echo = vertx.createNetServer().connectHandler(s -> s.pipeTo(s));
        echo.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        final double raw = direct(vertx, echo.actualPort(), bytes);
        final double tunnel = tunnel(vertx, echo.actualPort(), bytes);
        System.out.printf("%-34s %10s%n", "path (" + bytes / 1024 / 1024 + " MiB echoed)", "MB/s");
        System.out.printf("%-34s %10.1f%n", "direct loopback TCP copy", raw);
        System.out.printf("%-34s %10.1f%n", "through the tunnel (WSS, v3)", tunnel);
        System.out.printf("%-34s %10.2f%n", "ratio tunnel / direct", tunnel / raw);
        vertx.close();
    }

    private static double direct(final Vertx vertx, final int port, final long total) throws Exception {
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final AtomicLong back = new AtomicLong();
        final long start = System.nanoTime();
        vertx.createNetClient().connect(port, "127.0.0.1").onSuccess(s -> {
            s.handler(b -> {
                if (back.addAndGet(b.length()) >= total) {
                    done.complete(System.nanoTime() - start);
                }
            });
            pump(s, total);
        });
        return mbps(total, done.get(300, TimeUnit.SECONDS));
    }

    private static void pump(final NetSocket s, final long total) {
        final Buffer chunk = Buffer.buffer(new byte[64 * 1024]);
        final long[] sent = {0};
        final Runnable[] more = new Runnable[1];
        more[0] = () -> {
            while (sent[0] < total && !s.writeQueueFull()) {
                final int n = (int) Math.min(chunk.length(), total - sent[0]);
                s.write(n == chunk.length() ? chunk : chunk.getBuffer(0, n));
                sent[0] += n;
            }
            if (sent[0] < total) {
                s.drainHandler(v -> more[0].run());
            }
        };
        more[0].run();
    }

    private static double tunnel(final Vertx vertx, final int echoPort, final long total) throws Exception {
        final Path dir = Files.createTempDirectory("tunnel-bench");
        final Path[] tls = SelfSignedCertificate.ensure(dir);
        final CompletableFuture<ServerWebSocket> source = new CompletableFuture<>();
        final var server = vertx.createHttpServer(new HttpServerOptions().setSsl(true)
                .setKeyCertOptions(new PemKeyCertOptions().setCertPath(tls[0].toString()).setKeyPath(tls[1].toString()))
                .setWebSocketSubProtocols(List.of("aws.iot.securetunneling-3.0")).setMaxWebSocketFrameSize(131_076)
                .setMaxWebSocketMessageSize(1 << 20));
        server.webSocketHandler(ws -> {
            ws.accept();
            source.complete(ws);
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
        final TunnelNotification n = TunnelNotification.parse(("{\"clientAccessToken\":\"bench\",\"clientMode\":\"destination\","
                + "\"region\":\"eu-central-1\",\"services\":[\"ECHO\"]}").getBytes(StandardCharsets.UTF_8));
        final TunnelSession session = new TunnelSession(vertx, "bench", Map.of("ECHO",
                new TunnelSession.Target("127.0.0.1", echoPort)), n, "wss://localhost:" + server.actualPort(), tls[0],
                Duration.ofSeconds(20), Duration.ofSeconds(5));
        session.start();
        final ServerWebSocket ws = source.get(30, TimeUnit.SECONDS);
        final CompletableFuture<Long> done = new CompletableFuture<>();
        final AtomicLong back = new AtomicLong();
        final Buffer[] pending = {Buffer.buffer()};
        final long start = System.nanoTime();
        ws.binaryMessageHandler(b -> {
            pending[0].appendBuffer(b);
            int at = 0;
            while (pending[0].length() - at >= 2 && pending[0].length() - at - 2 >= pending[0].getUnsignedShort(at)) {
                final int len = pending[0].getUnsignedShort(at);
                try {
                    final Message m = Message.parseFrom(pending[0].getBytes(at + 2, at + 2 + len));
                    if (m.getType() == Message.Type.DATA && back.addAndGet(m.getPayload().size()) >= total) {
                        done.complete(System.nanoTime() - start);
                    }
                } catch (final Exception e) {
                    done.completeExceptionally(e);
                }
                at += 2 + len;
            }
            pending[0] = pending[0].getBuffer(at, pending[0].length());
        });
        final Promise<Void> started = Promise.promise();
        vertx.runOnContext(v -> {
            send(ws, Message.newBuilder().setType(Message.Type.STREAM_START).setStreamId(1).setServiceId("ECHO")
                    .setConnectionId(1).build());
            started.complete();
        });
        started.future().toCompletionStage().toCompletableFuture().get();
        final byte[] chunk = new byte[64_512];
        final Message data = Message.newBuilder().setType(Message.Type.DATA).setStreamId(1).setServiceId("ECHO")
                .setConnectionId(1).setPayload(com.google.protobuf.ByteString.copyFrom(chunk)).build();
        final long[] sent = {0};
        final Runnable[] more = new Runnable[1];
        more[0] = () -> {
            while (sent[0] < total && !ws.writeQueueFull()) {
                final int nBytes = (int) Math.min(chunk.length, total - sent[0]);
                send(ws, nBytes == chunk.length ? data : data.toBuilder()
                        .setPayload(com.google.protobuf.ByteString.copyFrom(chunk, 0, nBytes)).build());
                sent[0] += nBytes;
            }
            if (sent[0] < total) {
                ws.drainHandler(v -> more[0].run());
            }
        };
        vertx.runOnContext(v -> more[0].run());
        final double result = mbps(total, done.get(300, TimeUnit.SECONDS));
        session.close();
        server.close();
        return result;
    }

    private static void send(final ServerWebSocket ws, final Message m) {
        final byte[] body = m.toByteArray();
        ws.writeBinaryMessage(Buffer.buffer(body.length + 2).appendUnsignedShort(body.length).appendBytes(body));
    }

    private static double mbps(final long bytes, final long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}
