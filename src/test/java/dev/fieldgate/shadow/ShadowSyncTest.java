package dev.fieldgate.shadow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fieldgate.rig.LoopbackUplink;
import dev.fieldgate.rig.ShadowCloudDouble;
import dev.fieldgate.uplink.ControlPublisher;
import dev.fieldgate.uplink.PublishPacer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The local cache and the cloud double kept in step across disconnects, conflicts and deletions. */
class ShadowSyncTest {

    private static final ShadowKey KEY = new ShadowKey("d1", "points");
    private static final String THING = "gw-d1";

    @TempDir
    Path dir;

    private final LoopbackUplink uplink = new LoopbackUplink();
    private final ShadowCloudDouble cloud = new ShadowCloudDouble(uplink::deliver);
    private ShadowStore store;
    private ShadowService local;
    private ShadowSync sync;

    @BeforeEach
    void start() {
        uplink.cloud(cloud::handle);
        open(10);
    }

    private void open(final int maxInFlight) {
        store = new ShadowStore(dir);
        local = new ShadowService(store, ShadowLimits.AWS, d -> d.startsWith("d"));
        final Set<ShadowKey> wanted = new LinkedHashSet<>();
        wanted.add(KEY);
        sync = new ShadowSync(local, new ControlPublisher(uplink, new PublishPacer(1000, 1 << 20), 128 * 1024),
                new ThingNames("gw-{device}", "gw", d -> d.startsWith("d")), () -> wanted, maxInFlight,
                Duration.ofSeconds(5), new SimpleMeterRegistry());
        sync.start();
    }

    @AfterEach
    void stop() {
        sync.close();
        store.close();
        uplink.close();
    }

    private void reopen(final int maxInFlight) {
        sync.close();
        store.close();
        open(maxInFlight);
    }

    @Test
    void should_create_the_cloud_shadow_from_what_was_reported_offline() {
        update("{\"state\":{\"reported\":{\"points\":{\"t\":20.5}}}}");
        uplink.connected(true);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(cloudState()).hasToString("{\"reported\":{\"points\":{\"t\":20.5}}}"));
        update("{\"state\":{\"reported\":{\"points\":{\"t\":21}}}}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(cloudState()).hasToString("{\"reported\":{\"points\":{\"t\":21}}}"));
    }

    @Test
    void should_bring_a_desired_change_made_in_the_cloud_down_while_connected() {
        uplink.connected(true);
        update("{\"state\":{\"reported\":{\"points\":{\"sp\":1}}}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.document(THING, "points") != null);
        cloud.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"sp\":7}}}}");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(local.get(KEY).desired()).hasToString("{\"points\":{\"sp\":7}}"));
        assertThat(local.get(KEY).delta()).hasToString("{\"points\":{\"sp\":7}}");
    }

    @Test
    void should_reconcile_offline_changes_on_both_sides_cloud_winning_desired_gateway_winning_reported() {
        uplink.connected(true);
        update("{\"state\":{\"desired\":{\"points\":{\"sp\":1}},\"reported\":{\"points\":{\"sp\":1,\"t\":19}}}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.document(THING, "points") != null
                && cloud.document(THING, "points").reported().toString().contains("19"));
        uplink.connected(false);
        // while the link is down, both sides change both sections
        update("{\"state\":{\"desired\":{\"points\":{\"sp\":3}},\"reported\":{\"points\":{\"t\":21}}}}");
        cloud.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"sp\":2,\"mode\":\"eco\"}},"
                + "\"reported\":{\"points\":{\"t\":5}}}}");
        uplink.connected(true);
        final String expected = "{\"desired\":{\"points\":{\"sp\":2,\"mode\":\"eco\"}},\"reported\":{\"points\":{\"sp\":1,\"t\":21}}}";
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(local.get(KEY).state()).hasToString(expected);
            assertThat(cloudState()).hasToString(expected);
        });
    }

    @Test
    void should_reconcile_again_when_the_cloud_changed_between_read_and_write() {
        uplink.connected(true);
        update("{\"state\":{\"reported\":{\"points\":{\"t\":1}}}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.document(THING, "points") != null);
        cloud.beforeNextUpdate(() -> cloud.cloudUpdate(THING, "points", "{\"state\":{\"desired\":{\"points\":{\"sp\":9}}}}"));
        update("{\"state\":{\"reported\":{\"points\":{\"t\":2}}}}");
        final String expected = "{\"desired\":{\"points\":{\"sp\":9}},\"reported\":{\"points\":{\"t\":2}}}";
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(cloudState()).hasToString(expected);
            assertThat(local.get(KEY).state()).hasToString(expected);
        });
    }

    @Test
    void should_take_a_deletion_from_the_cloud_and_send_one_made_locally() {
        uplink.connected(true);
        update("{\"state\":{\"reported\":{\"points\":{\"t\":1}}}}");
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.document(THING, "points") != null);
        cloud.cloudDelete(THING, "points");
        await().atMost(Duration.ofSeconds(5)).until(() -> local.stored(KEY).orElseThrow().deleted());

        final ShadowKey other = new ShadowKey("d2", "config");
        local.update(other, bytes("{\"state\":{\"desired\":{\"x\":1}}}"), ShadowChange.Origin.LOCAL_CLIENT);
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.document("gw-d2", "config") != null);
        local.delete(other, ShadowChange.Origin.LOCAL_CLIENT);
        await().atMost(Duration.ofSeconds(5)).until(() -> cloud.document("gw-d2", "config") == null);
    }

    @Test
    void should_keep_no_more_requests_in_flight_than_allowed() {
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicInteger peak = new AtomicInteger();
        // the cloud answers each request 30 ms later: requests pile up unless the sync holds them back
        final java.util.concurrent.ScheduledExecutorService later = java.util.concurrent.Executors.newScheduledThreadPool(4);
        uplink.cloud((t, p) -> {
            peak.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            later.schedule(() -> {
                inFlight.decrementAndGet();
                cloud.handle(t, p);
            }, 30, java.util.concurrent.TimeUnit.MILLISECONDS);
        });
        reopen(3);
        for (int i = 0; i < 20; i++) {
            local.update(new ShadowKey("d" + i, "points"), bytes("{\"state\":{\"reported\":{\"points\":{\"t\":" + i + "}}}}"),
                    ShadowChange.Origin.GATEWAY);
        }
        uplink.connected(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> cloud.document("gw-d19", "points") != null
                && cloud.document("gw-d0", "points") != null);
        assertThat(peak.get()).isBetween(1, 3);
        later.shutdownNow();
    }

    private void update(final String request) {
        local.update(KEY, bytes(request), ShadowChange.Origin.GATEWAY);
    }

    private JsonNode cloudState() {
        final ShadowDocument d = cloud.document(THING, "points");
        return d == null ? ShadowEngine.JSON.createObjectNode() : d.state();
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
