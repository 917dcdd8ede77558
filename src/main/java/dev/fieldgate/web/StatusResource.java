package dev.fieldgate.web;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.provisioning.ProvisioningService;
import dev.fieldgate.shadow.LocalShadows;
import dev.fieldgate.tunnel.TunnelService;
import dev.fieldgate.uplink.CertificateExpiry;
import dev.fieldgate.uplink.UplinkService;
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
import java.util.Optional;

/** Uplink, buffer, certificate, shadows and commands at a glance. Never includes key material. */
@Path("/api/status")
@Produces(MediaType.APPLICATION_JSON)
@Access(Role.VIEWER)
@jakarta.enterprise.context.ApplicationScoped
public class StatusResource {

    private final UplinkService uplinks;
    private final BufferService buffers;
    private final AdapterService field;
    private final LocalShadows shadows;
    private final TunnelService tunnels;
    private final ProvisioningService provisioning;
    private final UplinkConfig uplink;
    private final MeterRegistry registry;
    private long lastCount = -1;
    private long lastAt;
    private double rate;

    StatusResource(final UplinkService uplinks, final BufferService buffers, final AdapterService field,
                   final LocalShadows shadows, final TunnelService tunnels, final ProvisioningService provisioning,
                   final UplinkConfig uplink, final MeterRegistry registry) {
        this.uplinks = uplinks;
        this.buffers = buffers;
        this.field = field;
        this.shadows = shadows;
        this.tunnels = tunnels;
        this.provisioning = provisioning;
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
        final UplinkStatus u = uplinks.status().orElse(new UplinkStatus(false, uplink.host(), 0, "not started", false));
        final Map<String, Object> up = new LinkedHashMap<>();
        up.put("connected", u.connected());
        up.put("endpoint", u.endpoint());
        up.put("since", u.since());
        up.put("lastError", u.lastError());
        up.put("sessionPresent", u.sessionPresent());
        up.put("transport", u.transport());
        up.put("proxy", u.proxy());
        up.put("onPrimary", u.onPrimary());
        up.put("lastSwitch", u.lastSwitch());
        up.put("mqttVersion", uplink.mqttVersion().name().toLowerCase());
        up.put("publishRate", publishRate());
        up.put("publishQuota", uplinks.limits().publishesPerSecond());
        up.put("profile", uplink.profile().name().toLowerCase().replace('_', '-'));
        up.put("inFlight", uplinks.inFlight());
        up.put("throttled", uplinks.throttled());
        up.put("stalls", (long) count("fieldgate.uplink.stalls"));
        final Long notAfter = certificateNotAfter();
        up.put("certificateNotAfter", notAfter);
        final Long daysLeft = notAfter == null ? null : Math.floorDiv(notAfter - System.currentTimeMillis(), 86_400_000L);
        up.put("certificateDaysLeft", daysLeft);
        up.put("certificateWarning", daysLeft == null ? null : CertificateExpiry.warning(daysLeft).orElse(null));
        up.put("provisioning", provisioning.status().orElse(null));
        out.put("uplink", up);
        final Map<String, Object> buffer = new LinkedHashMap<>();
        buffers.outbox().map(Outbox::stats).ifPresentOrElse(b -> {
            buffer.put("depth", b.depth());
            buffer.put("bytes", b.bytes());
            buffer.put("oldestAgeSeconds", (long) b.oldestAgeSeconds());
            buffer.put("dropped", b.dropped());
            buffer.put("expired", b.expired());
            buffer.put("refused", b.refusedKept());
            buffer.put("refusedBytes", b.refusedBytes());
            buffer.put("writable", b.writable());
            buffer.put("state", b.state());
            buffer.put("intakeBytes", b.intakeBytes());
            buffer.put("intakeLimit", b.intakeLimit());
        }, () -> buffer.put("state", "not started"));
        buffer.put("overruns", field.overruns());
        out.put("buffer", buffer);
        out.put("shadows", shadows.service().map(s -> s.keys().size()).orElse(0));
        out.put("tunnels", tunnels.tunnels());
        out.put("commandsReceived", count("fieldgate.commands.received"));
        out.put("commandsRejected", count("fieldgate.commands.rejected"));
        out.put("rejectedFiles", field.problems().stream().map(Object::toString).toList());
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
        final Optional<java.nio.file.Path> file = uplinks.certificateFile();
        if (file.isEmpty()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file.get())) {
            final X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            return cert.getNotAfter().getTime();
        } catch (final Exception e) {
            return null;
        }
    }
}
