package dev.fieldgate.uplink;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.UplinkConfig;
import dev.fieldgate.network.ProxyRules;
import dev.fieldgate.uplink.hivemq.HivemqUplink;
import dev.fieldgate.uplink.sigv4.SigV4Presigner;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Composition root of the upstream side: the one MQTT session, the pacer that keeps it inside the cloud's quotas,
 * the drainer that empties the outbox into it, and the control publisher the cloud-facing handlers share. It does
 * not connect: the provisioning root does, once it knows which identity to connect with.
 */
@ApplicationScoped
public class UplinkRoot implements UplinkService, UplinkSession {

    private final GatewayConfig gateway;
    private final UplinkConfig config;
    private final BufferService buffer;
    private final MeterRegistry registry;
    private final PublishLimits limits;
    private final ProxyRules proxies;
    private volatile HivemqUplink uplink;
    private volatile OutboxDrainer drainer;
    private volatile ControlPublisher control;

    UplinkRoot(final GatewayConfig gateway, final UplinkConfig config, final BufferService buffer,
               final MeterRegistry registry, final ProxyRules proxies) {
        this.proxies = proxies;
        this.gateway = gateway;
        this.config = config;
        this.buffer = buffer;
        this.registry = registry;
        this.limits = PublishLimits.from(config);
    }

    void start(@Observes @Priority(Lifecycle.START_UPLINK) final StartupEvent event) {
        uplink = new HivemqUplink(gateway.gatewayId(), config, proxies, config.transport() == UplinkConfig.Transport.WSS_SIGV4
                ? SigV4Queries.of(SigV4Presigner.from(config.sigv4())) : null);
        uplink.rememberCertificatesIn(gateway.dataDir().resolve("uplink").resolve("accepted-certificates"));
        final PublishPacer pacer = new PublishPacer(limits.publishesPerSecond(), limits.bytesPerSecond());
        drainer = new OutboxDrainer(buffer.opened(), uplink, limits, pacer, DrainPolicy.from(config), buffer.memory(),
                registry);
        control = new ControlPublisher(uplink, pacer, limits.maxMessageBytes());
        Gauge.builder("fieldgate.uplink.connected", uplink, u -> u.isConnected() ? 1 : 0).register(registry);
        Gauge.builder("fieldgate.uplink.in.flight", drainer, OutboxDrainer::inFlight).register(registry);
        final CertificateExpiry expiry = new CertificateExpiry(uplink::certificateFile);
        Gauge.builder("fieldgate.uplink.certificate.days.left", expiry, CertificateExpiry::daysLeft)
                // no base unit: Prometheus would append it, and the name says it already
                .description("whole days until the uplink's client certificate expires").register(registry);
        FunctionCounter.builder("fieldgate.uplink.throttled", uplink, HivemqUplink::throttled)
                .description("publishes refused and disconnects by the broker for a quota").register(registry);
        // the drainer waits for the connection; a backlog starts to drain the moment it is up
        drainer.start();
    }

    void openInbound(@Observes @Priority(Lifecycle.START_INBOUND) final StartupEvent event) {
        uplink.openInbound();
    }

    void stop(@Observes @Priority(Lifecycle.STOP_UPLINK) final ShutdownEvent event) {
        if (drainer != null) {
            Lifecycle.stopStep("the drainer", drainer::close);
        }
        if (uplink != null) {
            Lifecycle.stopStep("the uplink", uplink::close);
        }
    }

    @Override
    public Uplink uplink() {
        return uplink;
    }

    @Override
    public ControlPublisher control() {
        return control;
    }

    @Override
    public void useIdentity(final Path cert, final Path key) {
        uplink.useIdentity(Objects.requireNonNull(cert, "cert"), Objects.requireNonNull(key, "key"));
    }

    @Override
    public void connect() {
        uplink.start();
    }

    @Override
    public ClientCertificate clientCertificate() {
        if (uplink.certificateFile() == null || uplink.keyFile() == null) {
            throw new IllegalStateException("the uplink does not authenticate with a client certificate "
                    + "(fieldgate.uplink.transport=" + config.transport().name().toLowerCase().replace('_', '-') + ")");
        }
        return new ClientCertificate(uplink.certificateFile(), uplink.keyFile());
    }

    @Override
    public CompletableFuture<Boolean> switchIdentity(final ClientCertificate to, final Duration window) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(window, "window");
        return uplink.switchIdentity(to.cert(), to.key(), window);
    }

    @Override
    public Optional<UplinkStatus> status() {
        return uplink == null ? Optional.empty() : Optional.of(uplink.status());
    }

    @Override
    public String configurationError() {
        return uplink == null ? null : uplink.configurationError();
    }

    @Override
    public long throttled() {
        return uplink == null ? 0 : uplink.throttled();
    }

    @Override
    public int inFlight() {
        return drainer == null ? 0 : drainer.inFlight();
    }

    @Override
    public boolean drainerAlive() {
        return drainer != null && drainer.isAlive();
    }

    @Override
    public PublishLimits limits() {
        return limits;
    }

    @Override
    public Optional<Path> certificateFile() {
        return uplink == null ? Optional.empty() : Optional.ofNullable(uplink.certificateFile());
    }
}
