import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import dev.fieldgate.buffer.OutboundMessage;
import dev.fieldgate.buffer.h2.H2Outbox;
import dev.fieldgate.buffer.h2.OutboxSettings;
import dev.fieldgate.config.MemoryBudget;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.demo.DemoPki;
import dev.fieldgate.uplink.DrainPolicy;
import dev.fieldgate.uplink.OutboxDrainer;
import dev.fieldgate.uplink.PublishLimits;
import dev.fieldgate.uplink.PublishPacer;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import dev.fieldgate.util.PemTls;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The uplink against Mosquitto with mutual TLS, in three modes (bench/uplink.sh, bench/quota.sh,
 * bench/outage.sh):
 * <ul>
 * <li>{@code uplink MESSAGES BYTES}: the gateway's drain (H2 outbox, drainer, HiveMQ client) against the raw
 *     HiveMQ client publishing the same messages to the same broker with the same in-flight window;</li>
 * <li>{@code quota DEVICES MESSAGES_PER_DEVICE BYTES}: a backlog drained under the aws-iot-core profile, as
 *     a fraction of its publish and byte budget, with the busiest second seen by a subscriber;</li>
 * <li>{@code outage DEVICES MINUTES BYTES}: the backlog of an outage of that length at one message per
 *     device and second, then live traffic at that rate alongside: the time until the backlog is gone
 *     against the least the budget allows, and how late live messages were meanwhile.</li>
 * </ul>
 */
public final class UplinkBench {

    private static final String GATEWAY = "bench-gw";

    public static void main(final String[] args) throws Exception {
        quiet();
        final Path work = Files.createTempDirectory("fg-uplink");
        final DemoPki pki = DemoPki.create(work.resolve("pki"), "Bench CA");
        pki.issueClient("gateway", GATEWAY);
        pki.issueClient("watcher", "watcher");
        final int port = freePort();
        final Process broker = startMosquitto(work, pki, port);
        try {
            switch (args[0]) {
                case "uplink" -> uplink(work, pki, port, Integer.parseInt(args[1]), Integer.parseInt(args[2]));
                case "quota" -> quota(work, pki, port, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]));
                case "outage" -> outage(work, pki, port, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("mode uplink, quota or outage");
            }
        } finally {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
        }
        System.exit(0);
    }

    // ---- uplink vs raw client ----------------------------------------------------------------------------

    private static void uplink(final Path work, final DemoPki pki, final int port, final int n, final int size)
            throws Exception {
        final int window = UplinkConfig.Profile.UNLIMITED.inFlight;
        System.out.printf("%d messages of %d bytes, QoS 1, %d in flight, Mosquitto with mutual TLS on loopback%n%n",
                n, size, window);
        raw(pki, port, Math.min(n, 20_000), size, window);       // warm-up of the client and TLS
        gateway(work.resolve("warm"), pki, port, Math.min(n, 20_000), size, Math.min(n, 20_000), false);
        final double raw = raw(pki, port, n, size, window);
        final double[] one = gateway(work.resolve("one"), pki, port, n, size, n, true);
        final double[] batched = gateway(work.resolve("batched"), pki, port, n, size, 100, true);
        System.out.printf("%-44s %12s %12s %8s%n", "", "publishes/s", "messages/s", "ratio");
        System.out.printf("%-44s %12.0f %12.0f %8s%n", "raw HiveMQ client, one message per publish", raw, raw, "1.00");
        System.out.printf("%-44s %12.0f %12.0f %8.2f%n", "gateway, one message per device", one[1], one[0], one[0] / raw);
        System.out.printf("%-44s %12.0f %12.0f %8.2f%n", "gateway, 100 devices (batched per device)", batched[1],
                batched[0], batched[0] / raw);
    }

    /** @return publishes acknowledged per second by the plain client */
    private static double raw(final DemoPki pki, final int port, final int n, final int size, final int window)
            throws Exception {
        final Mqtt5AsyncClient client = client(pki, port, "raw-" + System.nanoTime());
        final byte[] body = payload("raw", size);
        final Semaphore slots = new Semaphore(window);
        final long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            slots.acquire();
            client.publishWith().topic("dt/fieldgate/raw/d" + (i % 100) + "/telemetry").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(body).send().whenComplete((r, e) -> slots.release());
        }
        slots.acquire(window);
        final double rate = n / ((System.nanoTime() - start) / 1e9);
        client.disconnect().get();
        return rate;
    }

    /** @return {messages/s, publishes/s} of the gateway's drain from a prefilled outbox */
    private static double[] gateway(final Path dir, final DemoPki pki, final int port, final int n, final int size,
                                    final int devices, final boolean sync) throws Exception {
        try (H2Outbox outbox = prefill(dir, n, devices, size, sync)) {
            final Map<String, String> props = new HashMap<>();
            props.put("fieldgate.uplink.profile", "unlimited");
            props.put("fieldgate.uplink.max-publish-rate", "1000000");
            final Drain drain = Drain.start(outbox, uplinkConfig(pki, port, props));
            final long start = System.nanoTime();
            // acknowledged by the broker, as the raw client counts
            while (drain.registry.get("fieldgate.messages.published").counter().count() < n) {
                Thread.sleep(2);
            }
            final double secs = (System.nanoTime() - start) / 1e9;
            final double publishes = drain.registry.get("fieldgate.uplink.publishes").counter().count();
            drain.close();
            return new double[] {n / secs, publishes / secs};
        }
    }

    // ---- quota profile -----------------------------------------------------------------------------------

    private static void quota(final Path work, final DemoPki pki, final int port, final int devices, final int each,
                              final int size) throws Exception {
        final UplinkConfig config = uplinkConfig(pki, port, Map.of());
        final PublishLimits limits = PublishLimits.from(config);
        final Watcher watcher = Watcher.start(pki, port);
        try (H2Outbox outbox = prefill(work.resolve("quota"), devices * each, devices, size, true)) {
            final long bytes = outbox.stats().bytes();
            final Drain drain = Drain.start(outbox, config);
            final long start = System.nanoTime();
            while (outbox.stats().depth() > 0) {
                Thread.sleep(20);
            }
            final double secs = (System.nanoTime() - start) / 1e9;
            final double publishes = drain.registry.get("fieldgate.uplink.publishes").counter().count();
            drain.close();
            Thread.sleep(500);
            System.out.printf("backlog of %d devices x %d messages of %d bytes (%.1f MiB) drained under the aws-iot-core "
                    + "profile (%d publishes/s, %d KiB/s, %d in flight)%n%n", devices, each, size, bytes / 1048576.0,
                    limits.publishesPerSecond(), limits.bytesPerSecond() / 1024, limits.maxInFlight());
            final double pubRate = publishes / secs;
            final double byteRate = watcher.bytes.get() / secs;
            System.out.printf("%-34s %12s %12s %10s%n", "from connect to drained", "measured", "budget", "fraction");
            System.out.printf("%-34s %12.1f %12d %10.3f%n", "publishes/s", pubRate, limits.publishesPerSecond(),
                    pubRate / limits.publishesPerSecond());
            System.out.printf("%-34s %12.1f %12d %10.3f%n", "KiB/s (payload)", byteRate / 1024, limits.bytesPerSecond() / 1024,
                    byteRate / limits.bytesPerSecond());
            System.out.printf("%-34s %12.0f%n", "messages/s", devices * (double) each / secs);
            System.out.printf("%-34s %12.1f%n", "messages per publish", devices * (double) each / publishes);
            watcher.printSteady(limits);
            printBusiest(drain.sent(), limits);
        } finally {
            watcher.close();
        }
    }

    // ---- outage recovery ---------------------------------------------------------------------------------

    private static void outage(final Path work, final DemoPki pki, final int port, final int devices, final int minutes,
                               final int size) throws Exception {
        final UplinkConfig config = uplinkConfig(pki, port, Map.of());
        final PublishLimits limits = PublishLimits.from(config);
        final int backlog = devices * 60 * minutes;
        final Watcher watcher = Watcher.start(pki, port);
        final ScheduledExecutorService live = Executors.newSingleThreadScheduledExecutor();
        try (H2Outbox outbox = prefill(work.resolve("outage"), backlog, devices, size, true)) {
            final long backlogBytes = outbox.stats().bytes();
            // live traffic resumes with the link: every device once a second, spread over the second
            final AtomicLong liveSent = new AtomicLong();
            final long tick = 1_000_000L / devices;
            final int[] next = {0};
            live.scheduleAtFixedRate(() -> {
                final int d = next[0]++ % devices;
                outbox.append(List.of(message("d" + d, size, true)));
                liveSent.incrementAndGet();
            }, 0, tick, TimeUnit.MICROSECONDS);
            final long start = System.nanoTime();
            final Drain drain = Drain.start(outbox, config);
            while (watcher.backlogMessages.get() < backlog) {
                Thread.sleep(100);
            }
            final double secs = (System.nanoTime() - start) / 1e9;
            live.shutdownNow();
            drain.close();
            final double liveBytesPerSec = devices * (double) (size + 60);
            final double backlogBudget = limits.bytesPerSecond() - liveBytesPerSec;
            final double leastSecs = backlogBytes / backlogBudget;
            System.out.printf("%d devices at one message/s of ~%d bytes; a %d-minute outage left %d messages (%.1f MiB); "
                    + "aws-iot-core profile (%d publishes/s, %d KiB/s)%n%n", devices, size, minutes, backlog,
                    backlogBytes / 1048576.0, limits.publishesPerSecond(), limits.bytesPerSecond() / 1024);
            System.out.printf("%-52s %10.1f s%n", "backlog gone after", secs);
            System.out.printf("%-52s %10.1f s%n", "least possible (backlog bytes / budget left by live)", leastSecs);
            System.out.printf("%-52s %10.2f%n", "ratio (least / measured)", leastSecs / secs);
            System.out.printf("%-52s %10d%n", "live messages sent meanwhile", liveSent.get());
            System.out.printf("%-52s %10.0f ms / %.0f ms%n", "live message delay p50 / p99 during the drain",
                    watcher.liveDelay(0.5), watcher.liveDelay(0.99));
            printBusiest(drain.sent(), limits);
        } finally {
            live.shutdownNow();
            watcher.close();
        }
    }

    // ---- parts -------------------------------------------------------------------------------------------

    /** Publishes and bytes per second as they leave the gateway: what the cloud's quota sees. */
    private static final class SentPerSecond {
        final Map<Long, long[]> seconds = new java.util.concurrent.ConcurrentHashMap<>();

        void record(final int bytes) {
            final long[] s = seconds.computeIfAbsent(System.currentTimeMillis() / 1000, k -> new long[2]);
            synchronized (s) {
                s[0]++;
                s[1] += bytes;
            }
        }
    }

    /** The gateway's uplink, counting what it sends. */
    private record CountingUplink(HivemqUplink inner, SentPerSecond sent) implements dev.fieldgate.uplink.Uplink {
        @Override public java.util.concurrent.CompletableFuture<Void> publish(final String topic, final byte[] payload,
                                                                            final int qos) {
            sent.record(payload.length);
            return inner.publish(topic, payload, qos);
        }
        @Override public void subscribe(final String f, final java.util.function.Consumer<dev.fieldgate.uplink.InboundMessage> h) {
            inner.subscribe(f, h);
        }
        @Override public boolean isConnected() { return inner.isConnected(); }
        @Override public dev.fieldgate.uplink.UplinkStatus status() { return inner.status(); }
        @Override public void reconnect() { inner.reconnect(); }
        @Override public void onStateChange(final Runnable listener) { inner.onStateChange(listener); }
    }

    /** An outbox, drainer and uplink as the gateway wires them. */
    private record Drain(HivemqUplink uplink, OutboxDrainer drainer, SimpleMeterRegistry registry, SentPerSecond sent) {
        static Drain start(final H2Outbox outbox, final UplinkConfig config) {
            final PublishLimits limits = PublishLimits.from(config);
            final SimpleMeterRegistry registry = new SimpleMeterRegistry();
            final HivemqUplink hivemq = new HivemqUplink(GATEWAY, config);
            final SentPerSecond sent = new SentPerSecond();
            final CountingUplink uplink = new CountingUplink(hivemq, sent);
            final OutboxDrainer drainer = new OutboxDrainer(outbox, uplink, limits,
                    new PublishPacer(limits.publishesPerSecond(), limits.bytesPerSecond()), DrainPolicy.from(config),
                    new MemoryBudget(48L << 20), registry);
            hivemq.start();
            drainer.start();
            return new Drain(hivemq, drainer, registry, sent);
        }

        void close() {
            drainer.stop();
            uplink.close();
        }
    }

    /** A subscriber on dt/#: bytes and messages per second, backlog count, live delays. */
    private static final class Watcher {
        final Mqtt5AsyncClient client;
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong backlogMessages = new AtomicLong();
        final Map<Long, long[]> perSecond = new java.util.concurrent.ConcurrentHashMap<>();
        final ConcurrentLinkedQueue<Long> liveDelays = new ConcurrentLinkedQueue<>();

        private Watcher(final Mqtt5AsyncClient client) {
            this.client = client;
        }

        static Watcher start(final DemoPki pki, final int port) throws Exception {
            final Watcher w = new Watcher(client(pki, port, "watcher"));
            w.client.subscribeWith().topicFilter("dt/#").qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
                final byte[] b = p.getPayloadAsBytes();
                final String s = new String(b, StandardCharsets.US_ASCII);
                final long now = System.currentTimeMillis();
                w.bytes.addAndGet(b.length);
                final long[] second = w.perSecond.computeIfAbsent(now / 1000, k -> new long[2]);
                synchronized (second) {
                    second[0]++;
                    second[1] += b.length;
                }
                final boolean backlog = s.startsWith("{\"v\":1,\"backlog\":true");
                int at = 0;
                int count = 0;
                while ((at = s.indexOf("\"created\":", at)) >= 0) {
                    count++;
                    at += 10;
                    if (!backlog) {
                        final int end = s.indexOf(',', at);
                        w.liveDelays.add(now - Long.parseLong(s.substring(at, end)));
                    }
                }
                if (backlog) {
                    w.backlogMessages.addAndGet(count);
                }
            }).send().get();
            return w;
        }

        double liveDelay(final double quantile) {
            final List<Long> d = new ArrayList<>(liveDelays);
            if (d.isEmpty()) {
                return 0;
            }
            d.sort(null);
            return d.get(Math.min(d.size() - 1, (int) (quantile * d.size())));
        }

        void close() throws Exception {
            client.disconnect().get();
        }

        /** Prints publishes and bytes per second over the full seconds of the drain (the first and last left out). */
        void printSteady(final PublishLimits limits) {
            final List<Long> seconds = new ArrayList<>(perSecond.keySet());
            seconds.sort(null);
            if (seconds.size() < 3) {
                return;
            }
            long pubs = 0;
            long bytesSum = 0;
            for (final Long s : seconds.subList(1, seconds.size() - 1)) {
                pubs += perSecond.get(s)[0];
                bytesSum += perSecond.get(s)[1];
            }
            final int n = seconds.size() - 2;
            System.out.printf("%-34s %12.1f %12d %10.3f%n", "steady publishes/s", pubs / (double) n,
                    limits.publishesPerSecond(), pubs / (double) n / limits.publishesPerSecond());
            System.out.printf("%-34s %12.1f %12d %10.3f%n", "steady KiB/s", bytesSum / (double) n / 1024,
                    limits.bytesPerSecond() / 1024, bytesSum / (double) n / limits.bytesPerSecond());
        }

    }

    /** The busiest second of what the gateway sent, against the quota. */
    private static void printBusiest(final SentPerSecond sent, final PublishLimits limits) {
        {
            long pubs = 0;
            long bytesMax = 0;
            for (final long[] s : sent.seconds.values()) {
                pubs = Math.max(pubs, s[0]);
                bytesMax = Math.max(bytesMax, s[1]);
            }
            System.out.printf("%-52s %10d (quota %d)%n", "busiest second sent: publishes", pubs, limits.publishesPerSecond());
            System.out.printf("%-52s %10.1f (quota %d)%n", "busiest second sent: KiB", bytesMax / 1024.0,
                    limits.bytesPerSecond() / 1024);
            System.out.printf("%-52s %10s%n", "over the quota in any calendar second", pubs > limits.publishesPerSecond()
                    || bytesMax > limits.bytesPerSecond() ? "YES" : "never");
        }
    }

    private static H2Outbox prefill(final Path dir, final int n, final int devices, final int size, final boolean sync)
            throws Exception {
        final H2Outbox outbox = H2Outbox.open(OutboxSettings.builder(dir).maxBytes(4L << 30).syncOnCommit(sync)
                .intakeBytes(1L << 30).build());
        final int chunk = 1000;
        for (int i = 0; i < n; i += chunk) {
            final List<OutboundMessage> batch = new ArrayList<>(chunk);
            for (int j = i; j < Math.min(n, i + chunk); j++) {
                batch.add(message("d" + (j % devices), size, false));
            }
            outbox.append(batch).get();
        }
        return outbox;
    }

    /** A JSON message of about {@code size} bytes; live ones carry their creation time for the delay. */
    private static OutboundMessage message(final String device, final int size, final boolean live) {
        final long created = live ? System.currentTimeMillis() : 0;
        return new OutboundMessage(device, "dt/fieldgate/" + GATEWAY + "/" + device + "/telemetry", 1, id -> {
            final String head = "{\"v\":1,\"messageId\":\"" + id + "\",\"device\":\"" + device + "\"," + (live
                    ? "\"created\":" + created + "," : "\"created\":0,") + "\"pad\":\"";
            return (head + "x".repeat(Math.max(0, size - head.length() - 2)) + "\"}").getBytes(StandardCharsets.US_ASCII);
        });
    }

    private static byte[] payload(final String device, final int size) {
        final String head = "{\"v\":1,\"messageId\":\"raw\",\"device\":\"" + device + "\",\"pad\":\"";
        return (head + "x".repeat(Math.max(0, size - head.length() - 2)) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    private static UplinkConfig uplinkConfig(final DemoPki pki, final int port, final Map<String, String> extra) {
        final Map<String, String> p = new HashMap<>(extra);
        p.put("fieldgate.uplink.host", "localhost");
        p.put("fieldgate.uplink.port", Integer.toString(port));
        p.put("fieldgate.uplink.tls.ca", pki.caFile().toString());
        p.put("fieldgate.uplink.tls.cert", pki.dir().resolve("gateway.pem").toString());
        p.put("fieldgate.uplink.tls.key", pki.dir().resolve("gateway.key").toString());
        final SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withConverter(MemorySize.class, 200, new MemorySizeConverter())
                .withMapping(UplinkConfig.class)
                .withSources(new PropertiesConfigSource(p, "bench", 100))
                .build();
        return config.getConfigMapping(UplinkConfig.class);
    }

    private static Mqtt5AsyncClient client(final DemoPki pki, final int port, final String id) throws Exception {
        final Mqtt5AsyncClient c = Mqtt5Client.builder().identifier(id).serverHost("localhost").serverPort(port)
                .sslConfig(MqttClientSslConfig.builder()
                        .keyManagerFactory(PemTls.keyManagers(pki.dir().resolve(id.startsWith("raw") ? "gateway.pem" : id + ".pem"),
                                pki.dir().resolve(id.startsWith("raw") ? "gateway.key" : id + ".key")))
                        .trustManagerFactory(PemTls.trustManagers(pki.caFile())).build())
                .buildAsync();
        c.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        return c;
    }

    private static Process startMosquitto(final Path work, final DemoPki pki, final int port) throws Exception {
        final Path conf = work.resolve("mosquitto.conf");
        // as root, mosquitto would switch to user 'mosquitto' and lose access to the files
        Files.writeString(conf, String.join("\n", "per_listener_settings false", "allow_anonymous false",
                "user " + System.getProperty("user.name"),
                "max_inflight_messages 0", "max_queued_messages 100000", "persistence false",
                "listener " + port + " 127.0.0.1", "cafile " + pki.caFile(), "certfile " + pki.dir().resolve("server.pem"),
                "keyfile " + pki.dir().resolve("server.key"), "require_certificate true", "use_identity_as_username true", ""));
        final Process p = new ProcessBuilder("/usr/sbin/mosquitto", "-c", conf.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("mosquitto.log").toFile()).start();
        for (int i = 0; i < 100; i++) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return p;
            } catch (final java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("mosquitto did not start: " + Files.readString(work.resolve("mosquitto.log")));
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void quiet() {
        java.util.logging.Logger.getLogger("").setLevel(java.util.logging.Level.WARNING);
        java.util.Arrays.stream(java.util.logging.Logger.getLogger("").getHandlers())
                .forEach(h -> h.setLevel(java.util.logging.Level.WARNING));
    }
}
