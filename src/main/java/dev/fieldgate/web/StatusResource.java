package dev.fieldgate.web;

import dev.fieldgate.Gateway;
import dev.fieldgate.buffer.OutboxStats;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.uplink.UplinkStatus;
import dev.fieldgate.web.auth.Role;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.io.InputStream;
import java.nio.file.Files;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;

/** Uplink, buffer, certificate, shadows and commands at a glance. Never includes key material. */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
@jakarta.enterprise.context.ApplicationScoped
public class StatusResource {

    private final Gateway gateway;
    private final UplinkConfig uplink;
    private final MeterRegistry registry;
    private long lastCount = -1;
    private long lastAt;
    private double rate;

    StatusResource(final Gateway gateway, final UplinkConfig uplink, final MeterRegistry registry) {
        this.gateway = gateway;
        this.uplink = uplink;
        this.registry = registry;
    }

    /** Takes the first sample at start, so that the first status shown has a rate to tell. */
    void onStart(@jakarta.enterprise.event.Observes final io.quarkus.runtime.StartupEvent event) {
        publishRate();
    }

    /** @return the gateway's state. */
    @GET
    public Map<String, Object> status() {
        final Map<String, Object> out = new LinkedHashMap<>();
        final UplinkStatus u = gateway.uplink().status();
        final Map<String, Object> up = new LinkedHashMap<>();
        up.put("connected", u.connected());
        up.put("endpoint", u.endpoint());
        up.put("since", u.since());
        up.put("lastError", u.lastError());
        up.put("sessionPresent", u.sessionPresent());
        up.put("mqttVersion", uplink.mqttVersion().name().toLowerCase());
        up.put("publishRate", publishRate());
        up.put("publishQuota", gateway.publishLimits().publishesPerSecond());
        up.put("profile", uplink.profile().name().toLowerCase().replace('_', '-'));
        up.put("inFlight", gateway.drainer().inFlight());
        up.put("throttled", gateway.uplink().throttled());
        up.put("stalls", (long) count("fieldgate.uplink.stalls"));
        up.put("certificateNotAfter", certificateNotAfter());
        up.put("provisioning", gateway.provisioningStatus());
        out.put("uplink", up);
        final OutboxStats b = gateway.outbox().stats();
        final Map<String, Object> buffer = new LinkedHashMap<>();
        buffer.put("depth", b.depth());
        buffer.put("bytes", b.bytes());
        buffer.put("oldestAgeSeconds", b.oldestCreatedAt() == 0 ? 0 : (System.currentTimeMillis() - b.oldestCreatedAt()) / 1000);
        buffer.put("dropped", b.dropped());
        buffer.put("expired", b.expired());
        buffer.put("refused", b.refusedKept());
        buffer.put("refusedBytes", b.refusedBytes());
        buffer.put("writable", b.writable());
        buffer.put("state", b.state());
        buffer.put("intakeBytes", b.intakeBytes());
        buffer.put("intakeLimit", b.intakeLimit());
        buffer.put("overruns", gateway.overruns());
        out.put("buffer", buffer);
        out.put("shadows", gateway.shadows() == null ? 0 : gateway.shadows().keys().size());
        out.put("tunnels", gateway.tunnels());
        out.put("commandsReceived", count("fieldgate.commands.received"));
        out.put("commandsRejected", count("fieldgate.commands.rejected"));
        out.put("rejectedFiles", gateway.problems().stream().map(Object::toString).toList());
        return out;
    }

    private synchronized double publishRate() {
        final long now = System.currentTimeMillis();
        // publishes, not messages: the quota counts publishes and one publish carries a device's batch
        final long count = (long) count("fieldgate.uplink.publishes");
        if (lastCount >= 0 && now > lastAt) {
            rate = (count - lastCount) * 1000.0 / (now - lastAt);
        }
        lastCount = count;
        lastAt = now;
        return Math.round(rate * 10) / 10.0;
    }

    private double count(final String name) {
        final Counter c = registry.find(name).counter();
        return c == null ? 0 : c.count();
    }

    private Long certificateNotAfter() {
        try (InputStream in = Files.newInputStream(gateway.uplink().certificateFile())) {
            final X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return cert.getNotAfter().getTime();
        } catch (final Exception e) {
            return null;
        }
    }
}
