package dev.fieldgate.rig;

import dev.fieldgate.demo.DemoBroker;
import io.moquette.interception.AbstractInterceptHandler;
import io.moquette.interception.messages.InterceptPublishMessage;
import io.netty.buffer.ByteBufUtil;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The embedded mutual-TLS broker plus a record of every publish it received, in arrival order. */
public final class TestBroker implements AutoCloseable {

    private final Path pkiDir;
    private final int port;
    private final Path dataDir;
    private final List<CapturedMessage> received = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> more;
    private final List<String> users = new CopyOnWriteArrayList<>();
    private DemoBroker broker;

    /** Starts a broker on {@code port} with the PKI in {@code pkiDir}. */
    public TestBroker(final Path pkiDir, final int port, final Path dataDir) {
        this(pkiDir, port, dataDir, java.util.Map.of());
    }

    /**
     * @param more further Moquette properties: a plain {@code port} or {@code websocket_port} for a {@link TlsFront}
     * @see #TestBroker(Path, int, Path)
     */
    public TestBroker(final Path pkiDir, final int port, final Path dataDir, final java.util.Map<String, String> more) {
        this.more = more;
        this.pkiDir = pkiDir;
        this.port = port;
        this.dataDir = dataDir;
        start();
    }

    /** Starts (again) on the same port. */
    public synchronized void start() {
        broker = DemoBroker.start(pkiDir, port, dataDir, List.of(new AbstractInterceptHandler() {
            @Override
            public void onConnect(final io.moquette.interception.messages.InterceptConnectMessage msg) {
                users.add((msg.getUsername() == null ? "" : msg.getUsername()) + ":"
                        + (msg.getPassword() == null ? "" : new String(msg.getPassword(), java.nio.charset.StandardCharsets.UTF_8)));
            }

            @Override
            public String getID() {
                return "capture";
            }

            @Override
            public void onPublish(final InterceptPublishMessage msg) {
                received.addAll(CapturedMessage.unpack(msg.getTopicName(), ByteBufUtil.getBytes(msg.getPayload())));
                super.onPublish(msg);
            }

            @Override
            public void onSessionLoopError(final Throwable error) {
            }
        }), more);
    }

    /** Stops the broker; clients see the connection drop. */
    public synchronized void stop() {
        broker.close();
    }

    /** @return a copy of the telemetry received so far (shadow and command traffic left out). */
    public List<CapturedMessage> received() {
        return received.stream().filter(m -> m.topic().startsWith("dt/")).toList();
    }

    /** @return a copy of every publish received so far, on any topic. */
    public List<CapturedMessage> all() {
        return new ArrayList<>(received);
    }

    /** @return the messages received for one device. */
    public List<CapturedMessage> receivedFor(final String device) {
        return received().stream().filter(m -> device.equals(m.device())).toList();
    }

    /** @return {@code user:password} of every CONNECT so far (empty parts for none). */
    public List<String> credentials() {
        return List.copyOf(users);
    }

    /** @return the TLS port. */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        stop();
    }
}
