package dev.fieldgate.web;

import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.Reading;
import dev.fieldgate.web.auth.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The devices with their latest values, once or as a live stream (server-sent events, one snapshot a second). */
@Path("/api/devices")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
public class DeviceResource {

    private final AdapterService field;
    private final MeterRegistry registry;

    DeviceResource(final AdapterService field, final MeterRegistry registry) {
        this.field = field;
        this.registry = registry;
    }

    /** @return every running device, its state and latest readings. */
    @GET
    public List<Map<String, Object>> list() {
        final List<Map<String, Object>> out = new ArrayList<>();
        for (final String id : field.devices().deviceIds()) {
            final Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", id);
            d.put("adapter", field.devices().adapterOf(id).orElse(""));
            final DeviceStatus s = field.devices().status(id).orElse(null);
            d.put("reachable", s != null && s.reachable());
            d.put("lastGoodAt", s == null ? 0 : s.lastGoodAt());
            d.put("lastError", s == null ? null : s.lastError());
            d.put("stats", stats(id));
            final Map<String, Object> points = new TreeMap<>();
            for (final Reading r : field.latest().of(id).values()) {
                final Map<String, Object> p = new LinkedHashMap<>();
                p.put("value", r.value());
                p.put("unit", r.unit());
                p.put("quality", r.quality().wireName());
                p.put("ts", r.timestamp());
                p.put("detail", r.detail());
                points.put(r.point(), p);
            }
            d.put("points", points);
            out.add(d);
        }
        return out;
    }

    /** Poll statistics since start: polls, mean poll time, errors by kind, overruns, dropped frames. */
    private Map<String, Object> stats(final String device) {
        final Map<String, Object> out = new LinkedHashMap<>();
        final Timer t = registry.find("fieldgate.poll.duration").tag("device", device).timer();
        out.put("polls", t == null ? 0 : t.count());
        out.put("meanMillis", t == null ? 0 : Math.round(t.mean(TimeUnit.MILLISECONDS) * 10) / 10.0);
        final Map<String, Long> errors = new TreeMap<>();
        registry.find("fieldgate.poll.errors").tag("device", device).counters()
                .forEach(c -> errors.merge(c.getId().getTag("kind"), (long) c.count(), Long::sum));
        out.put("errors", errors);
        out.put("overruns", (long) registry.find("fieldgate.poll.overruns").tag("device", device).counters().stream()
                .mapToDouble(Counter::count).sum());
        out.put("dropped", (long) registry.find("fieldgate.serial.dropped").tag("device", device).counters().stream()
                .mapToDouble(Counter::count).sum());
        return out;
    }

    /** @return a snapshot of {@link #list()} every second, as server-sent events. */
    @GET
    @Path("/live")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<List<Map<String, Object>>> live() {
        return Multi.createFrom().ticks().every(Duration.ofSeconds(1)).onOverflow().drop().map(t -> list());
    }
}
