package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.config.BufferConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.MemoryBudget;
import dev.fieldgate.config.MemoryConfig;
import dev.fieldgate.util.Lifecycle;
import dev.fieldgate.util.OwnerOnly;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/** Composition root of the durable buffer: opens the outbox first and closes it last, with its metrics. */
@ApplicationScoped
public class OutboxRoot implements BufferService {

    private static final Logger LOG = Logger.getLogger(OutboxRoot.class);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9-]+");
    private static final long NAMED_PART_BYTES = NAMED_OUTBOX_MEMORY_BYTES / 3;

    private final GatewayConfig gateway;
    private final BufferConfig config;
    private final MemoryBudget memory;
    private final MeterRegistry registry;
    private volatile H2Outbox outbox;
    private final List<H2Outbox> named = new ArrayList<>();

    OutboxRoot(final GatewayConfig gateway, final BufferConfig config, final MemoryConfig memory,
               final MeterRegistry registry) {
        this.gateway = gateway;
        this.config = config;
        this.memory = MemoryBudget.from(memory);
        this.registry = registry;
    }

    void start(@Observes @Priority(Lifecycle.START_BUFFER) final StartupEvent event) {
        outbox = H2Outbox.open(OutboxSettings.builder(gateway.dataDir().resolve("buffer"))
                .maxBytes(config.maxSize().asLongValue()).overflow(config.overflow())
                .syncOnCommit(config.syncOnCommit()).maxAge(config.maxAge())
                .minFreeDisk(config.minFreeDisk().asLongValue()).refusedMaxBytes(config.refusedMaxSize().asLongValue())
                .memory(memory).healTimeout(config.healTimeout()).build());
        LOG.infof("Memory budget %d MiB (fieldgate.memory.budget): intake %d KiB, commit %d KiB, outbox cache %d KiB, "
                + "read-ahead %d+%d KiB, in flight %d KiB", memory.total() >> 20, memory.intake() >> 10,
                memory.commit() >> 10, memory.outboxCache() >> 10, memory.backlogReadAhead() >> 10,
                memory.liveReadAhead() >> 10, memory.inFlight() >> 10);
        registerGauges(outbox);
    }

    void stop(@Observes @Priority(Lifecycle.STOP_BUFFER) final ShutdownEvent event) {
        Lifecycle.stopStep("the outbox", this::close);
    }

    /**
     * Also when the start failed half-way (no shutdown event is fired then, the container still destroys its
     * beans): what was accepted is committed and the file closed. Closing twice does nothing.
     */
    @PreDestroy
    synchronized void close() {
        named.forEach(H2Outbox::close);
        named.clear();
        if (outbox != null) {
            outbox.close();
            outbox = null;
        }
    }

    @Override
    public Optional<Outbox> outbox() {
        return Optional.ofNullable(outbox);
    }

    @Override
    public synchronized Outbox openNamed(final String name, final long maxBytes) {
        Objects.requireNonNull(name, "name");
        if (!NAME.matcher(name).matches() || "buffer".equals(name)) {
            throw new IllegalArgumentException("'" + name + "' is not a directory name for an outbox of its own");
        }
        if (outbox == null) {
            throw new IllegalStateException("the buffer is not open: outbox " + name + " cannot open");
        }
        final Path dir = gateway.dataDir().resolve(name);
        // the same store as the main outbox, with a small fixed memory: its messages are few and small, and it is
        // read only after the wait it exists for (an offline host), not at the rate of the intake
        final H2Outbox o = H2Outbox.open(OutboxSettings.builder(dir).maxBytes(maxBytes)
                .overflow(BufferConfig.Overflow.DROP_OLDEST).syncOnCommit(config.syncOnCommit())
                .maxAge(config.maxAge()).minFreeDisk(config.minFreeDisk().asLongValue())
                .intakeBytes(NAMED_PART_BYTES).commitBytes(NAMED_PART_BYTES).cacheBytes(NAMED_PART_BYTES)
                .healTimeout(config.healTimeout()).build());
        named.add(o);
        // the H2 file is made with the process umask; the data directory's rule holds from the first byte
        OwnerOnly.tighten(dir);
        LOG.infof("Outbox %s opened in %s (at most %d KiB)", name, dir, maxBytes >> 10);
        return o;
    }

    @Override
    public MemoryBudget memory() {
        return memory;
    }

    private void registerGauges(final H2Outbox o) {
        Gauge.builder("fieldgate.buffer.depth", o, b -> b.stats().depth())
                .description("messages stored, not yet acknowledged").register(registry);
        Gauge.builder("fieldgate.buffer.bytes", o, b -> b.stats().bytes())
                .description("payload bytes stored").baseUnit("bytes").register(registry);
        Gauge.builder("fieldgate.buffer.oldest.age", o, b -> b.stats().oldestAgeSeconds())
                .description("age of the oldest stored message").baseUnit("seconds").register(registry);
        Gauge.builder("fieldgate.buffer.dropped", o, b -> b.stats().dropped())
                .description("messages dropped by the overflow policy since start").register(registry);
        Gauge.builder("fieldgate.buffer.refused", o, b -> b.stats().refusedKept())
                .description("messages the broker refused for good, kept to be sent again or discarded")
                .register(registry);
    }
}
