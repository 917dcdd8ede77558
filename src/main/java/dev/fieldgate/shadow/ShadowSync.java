package dev.fieldgate.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.fieldgate.uplink.ControlPublisher;
import dev.fieldgate.uplink.InboundMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Keeps the local shadows and the cloud's in step over the single upstream session.
 *
 * <ul>
 *   <li>On every connect each shadow is read from the cloud ({@code /get}) and reconciled with the local copy
 *       by a three-way merge against the state of the last sync: the cloud wins {@code desired}, the gateway
 *       wins {@code reported} (as AWS IoT Greengrass Shadow Manager does); the result is written to whichever
 *       side lacks it, to the cloud with the cloud's version so a concurrent change is refused (409) and the
 *       shadow is reconciled again rather than overwritten.</li>
 *   <li>A local change is sent as the difference since the last sync, with the cloud's version.</li>
 *   <li>A cloud change ({@code /update/documents}, {@code /delete/accepted}) newer than the last sync is
 *       reconciled into the local copy.</li>
 *   <li>One request per shadow at a time, at most {@code maxInFlight} over all, each with a fresh clientToken;
 *       an unanswered request is given up after the timeout and the shadow read again.</li>
 * </ul>
 * Everything runs on one thread, so the bookkeeping needs no locks.
 */
public final class ShadowSync implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ShadowSync.class);

    private final ShadowService shadows;
    private final ControlPublisher publisher;
    private final ThingNames things;
    private final Supplier<Set<ShadowKey>> wanted;
    private final int maxInFlight;
    private final long timeoutNanos;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        final Thread t = new Thread(r, "shadow-sync");
        t.setDaemon(true);
        return t;
    });
    private final Map<ShadowKey, Pending> pending = new HashMap<>();
    private final Set<ShadowKey> again = new LinkedHashSet<>();
    private final Deque<Runnable> waiting = new ArrayDeque<>();
    private final Counter conflicts;
    private final Counter rejected;
    private long tokens;
    private boolean connected;

    /** A request sent and not yet answered. */
    private record Pending(String token, String operation, long sentNanos, ObjectNode sentState, long localVersion) {
    }

    /**
     * @param shadows      the local cache
     * @param publisher    publishes on the upstream session, ahead of the backlog
     * @param things       device id to thing name
     * @param wanted       the shadows to sync besides the stored ones (each device's points shadow)
     * @param maxInFlight  requests awaiting an answer at most
     * @param timeout      how long an answer may take
     * @param registry     where sync counters go
     */
    public ShadowSync(final ShadowService shadows, final ControlPublisher publisher, final ThingNames things,
                      final Supplier<Set<ShadowKey>> wanted, final int maxInFlight, final Duration timeout,
                      final MeterRegistry registry) {
        this.shadows = Objects.requireNonNull(shadows, "shadows");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.things = Objects.requireNonNull(things, "things");
        this.wanted = Objects.requireNonNull(wanted, "wanted");
        this.maxInFlight = maxInFlight;
        this.timeoutNanos = timeout.toNanos();
        this.conflicts = Counter.builder("fieldgate.shadow.conflicts")
                .description("cloud updates refused for a version conflict and reconciled again").register(registry);
        this.rejected = Counter.builder("fieldgate.shadow.rejected")
                .description("shadow requests the cloud refused for another reason").register(registry);
    }

    /** Subscribes, starts listening for local changes and connects; call once. */
    public void start() {
        for (final String filter : ShadowTopic.FILTERS) {
            publisher.uplink().subscribe(filter, this::onMessage);
        }
        shadows.onChange(change -> {
            if (change.origin() != ShadowChange.Origin.CLOUD) {
                run(() -> push(change.key()));
            }
        });
        publisher.uplink().onStateChange(() -> run(this::onUplinkState));
        thread.scheduleWithFixedDelay(this::expireStale, 1, 1, TimeUnit.SECONDS);
        thread.execute(this::onUplinkState);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }

    /** Runs on the sync thread; after close, quietly not at all. */
    private void run(final Runnable task) {
        try {
            thread.execute(task);
        } catch (final java.util.concurrent.RejectedExecutionException e) {
            // closed: the next start reconciles everything anyway
        }
    }

    private void onUplinkState() {
        final boolean now = publisher.uplink().isConnected();
        if (now == connected) {
            return;
        }
        connected = now;
        pending.clear();
        waiting.clear();
        again.clear();
        if (now) {
            final Set<ShadowKey> all = new LinkedHashSet<>(wanted.get());
            all.addAll(shadows.keys());
            LOG.infof("Reconciling %d shadow(s) with the cloud", all.size());
            all.forEach(this::fullSync);
        }
    }

    /** Reads the cloud copy; the answer is reconciled with the local one. */
    private void fullSync(final ShadowKey key) {
        send(key, "get", JsonNodeFactory.instance.objectNode(), null, 0);
    }

    /** Sends a local change: the difference since the last sync, or a full sync when there is no base. */
    private void push(final ShadowKey key) {
        if (!connected) {
            return;
        }
        final Optional<StoredShadow> stored = shadows.stored(key);
        if (stored.isEmpty() || !stored.get().synced()) {
            fullSync(key);
            return;
        }
        final StoredShadow s = stored.get();
        if (s.deleted()) {
            send(key, "delete", JsonNodeFactory.instance.objectNode(), null, s.document().version());
            return;
        }
        final ObjectNode local = s.document().state();
        final ObjectNode change = JsonTrees.diff(s.base(), local);
        if (change.isEmpty()) {
            return;
        }
        final ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("state", change);
        request.put("version", s.cloudVersion());
        send(key, "update", request, local, s.document().version());
    }

    private void send(final ShadowKey key, final String operation, final ObjectNode request, final ObjectNode sentState,
                      final long localVersion) {
        if (pending.containsKey(key)) {
            again.add(key);
            return;
        }
        if (pending.size() >= maxInFlight) {
            waiting.add(() -> send(key, operation, request, sentState, localVersion));
            return;
        }
        final String token = "fg-" + Long.toString(++tokens, 36) + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
        request.put("clientToken", token);
        pending.put(key, new Pending(token, operation, System.nanoTime(), sentState, localVersion));
        final byte[] payload;
        try {
            payload = ShadowEngine.JSON.writeValueAsBytes(request);
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        publisher.publish(ShadowTopic.request(things.thingOf(key.device()), key.name(), operation), payload, null)
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        run(() -> {
                            LOG.debugf("Shadow %s %s not sent: %s", key, operation, error.getMessage());
                            settle(key, token);
                        });
                    }
                });
    }

    /** Ends a request; runs what waited for it. */
    private void settle(final ShadowKey key, final String token) {
        final Pending p = pending.get(key);
        if (p == null || !p.token().equals(token)) {
            return;
        }
        pending.remove(key);
        if (again.remove(key) && connected) {
            fullSync(key);
        }
        while (pending.size() < maxInFlight && !waiting.isEmpty() && connected) {
            waiting.poll().run();
        }
    }

    private void expireStale() {
        final long now = System.nanoTime();
        pending.entrySet().stream().filter(e -> now - e.getValue().sentNanos() > timeoutNanos).toList().forEach(e -> {
            LOG.warnf("Shadow %s: no answer to %s within %d s; reading it again", e.getKey(), e.getValue().operation(),
                    TimeUnit.NANOSECONDS.toSeconds(timeoutNanos));
            again.add(e.getKey());
            settle(e.getKey(), e.getValue().token());
        });
    }

    private void onMessage(final InboundMessage m) {
        // nothing to lose here: the sync reads the cloud again after any gap, so acknowledge at once
        m.acknowledge();
        final Optional<ShadowTopic> topic = ShadowTopic.parse(m.topic());
        if (topic.isEmpty() || topic.get().result().isEmpty()) {
            return;
        }
        final Optional<String> device = things.deviceOf(topic.get().thing());
        if (device.isEmpty()) {
            return;
        }
        final JsonNode body;
        try {
            body = ShadowEngine.parse(m.payload());
        } catch (final ShadowError e) {
            LOG.warnf("Unreadable shadow message on %s: %s", m.topic(), e.getMessage());
            return;
        }
        final ShadowKey key = new ShadowKey(device.get(), topic.get().shadow());
        run(() -> handle(key, topic.get(), body));
    }

    private void handle(final ShadowKey key, final ShadowTopic topic, final JsonNode body) {
        final Pending p = pending.get(key);
        final boolean ours = p != null && p.token().equals(body.path("clientToken").asText(null))
                && p.operation().equals(topic.operation());
        try {
            switch (topic.operation() + "/" + topic.result()) {
                case "get/accepted":
                    if (ours) {
                        reconcile(key, JsonTrees.objectOrEmpty(body.get("state")), body.path("version").asLong());
                        settle(key, p.token());
                    }
                    break;
                case "get/rejected":
                    if (ours) {
                        onGetRejected(key, body);
                        settle(key, p.token());
                    }
                    break;
                case "update/accepted":
                    if (ours) {
                        if (!shadows.recordSync(key, p.localVersion(), body.path("version").asLong(), p.sentState())) {
                            again.add(key);
                        }
                        settle(key, p.token());
                    }
                    break;
                case "update/rejected":
                case "delete/rejected":
                    if (ours) {
                        onRejected(key, topic.operation(), body);
                        settle(key, p.token());
                    }
                    break;
                case "delete/accepted":
                    if (ours) {
                        shadows.recordSync(key, p.localVersion(), body.path("version").asLong(), null);
                        settle(key, p.token());
                    } else {
                        onCloudDeleted(key, body.path("version").asLong());
                    }
                    break;
                case "update/documents":
                    onCloudDocuments(key, body);
                    break;
                default:
                    // update/delta and the accepted answers to other clients: documents carries the same news
                    break;
            }
        } catch (final ShadowError e) {
            LOG.errorf("Shadow %s cannot be reconciled: %d %s", key, e.code(), e.getMessage());
            if (p != null) {
                settle(key, p.token());
            }
        }
    }

    private void reconcile(final ShadowKey key, final ObjectNode cloudDocumentState, final long cloudVersion) {
        // only the two sections take part: /get/accepted also carries the computed delta
        final ObjectNode cloudState = JsonNodeFactory.instance.objectNode();
        for (final String section : new String[] {"desired", "reported"}) {
            final JsonNode n = cloudDocumentState.get(section);
            if (n != null && n.isObject() && !n.isEmpty()) {
                cloudState.set(section, n);
            }
        }
        final StoredShadow s = shadows.stored(key).orElse(null);
        if (s != null && s.deleted() && s.synced() && s.cloudVersion() == cloudVersion) {
            // deleted here while the cloud did not change: the deletion goes up
            send(key, "delete", JsonNodeFactory.instance.objectNode(), null, s.document().version());
            return;
        }
        final boolean localMissing = s == null || s.deleted();
        // a shadow missing locally has nothing to defend: the cloud's copy is taken as it is
        final Reconciliation r = localMissing
                ? new Reconciliation(cloudState, cloudState.deepCopy(), JsonNodeFactory.instance.objectNode())
                : Reconciliation.of(s.document().state(), cloudState, s.base());
        long localVersion = s == null ? 0 : s.document().version();
        if (!r.localUpdate().isEmpty() || localMissing) {
            final ShadowChange change = shadows.update(key, new ShadowUpdate(r.localUpdate(), null, null),
                    ShadowChange.Origin.CLOUD);
            localVersion = change.current().version();
        }
        if (r.cloudUpdate().isEmpty()) {
            shadows.recordSync(key, localVersion, cloudVersion, r.merged());
            return;
        }
        final ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("state", r.cloudUpdate());
        request.put("version", cloudVersion);
        pending.remove(key);
        send(key, "update", request, r.merged(), localVersion);
    }

    private void onGetRejected(final ShadowKey key, final JsonNode error) {
        final int code = error.path("code").asInt();
        if (code != 404) {
            onRejected(key, "get", error);
            return;
        }
        final StoredShadow s = shadows.stored(key).orElse(null);
        if (s == null || s.deleted()) {
            return;
        }
        if (s.synced() && !s.changedSinceSync()) {
            // it was in the cloud and was deleted there while nothing changed here: the deletion comes down
            shadows.delete(key, ShadowChange.Origin.CLOUD);
            shadows.recordSync(key, s.document().version(), s.cloudVersion(), null);
            return;
        }
        final ObjectNode request = JsonNodeFactory.instance.objectNode();
        request.set("state", s.document().state());
        pending.remove(key);
        send(key, "update", request, s.document().state(), s.document().version());
    }

    private void onRejected(final ShadowKey key, final String operation, final JsonNode error) {
        final int code = error.path("code").asInt();
        if (code == 409) {
            conflicts.increment();
            LOG.infof("Shadow %s changed in the cloud meanwhile (409); reconciling again", key);
            again.add(key);
        } else if (code == 429 || code >= 500) {
            LOG.warnf("Shadow %s %s refused for now (%d %s); trying again", key, operation, code,
                    error.path("message").asText());
            thread.schedule(() -> fullSync(key), 5, TimeUnit.SECONDS);
        } else {
            rejected.increment();
            LOG.errorf("Shadow %s %s refused by the cloud: %d %s", key, operation, code, error.path("message").asText());
        }
    }

    private void onCloudDocuments(final ShadowKey key, final JsonNode body) {
        final JsonNode current = body.path("current");
        final long version = current.path("version").asLong();
        final StoredShadow s = shadows.stored(key).orElse(null);
        if (s != null && s.synced() && version <= s.cloudVersion()) {
            return;
        }
        if (pending.containsKey(key)) {
            again.add(key);
            return;
        }
        reconcile(key, JsonTrees.objectOrEmpty(current.get("state")), version);
    }

    private void onCloudDeleted(final ShadowKey key, final long version) {
        final StoredShadow s = shadows.stored(key).orElse(null);
        if (s == null || s.deleted() || version < s.cloudVersion()) {
            return;
        }
        shadows.delete(key, ShadowChange.Origin.CLOUD);
        shadows.recordSync(key, s.document().version(), version, null);
    }
}
