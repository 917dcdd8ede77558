package dev.fieldgate.buffer.h2;

import dev.fieldgate.buffer.BufferService;
import dev.fieldgate.buffer.Outbox;
import dev.fieldgate.config.BufferConfig;
import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.MemoryBudget;
import dev.fieldgate.config.MemoryConfig;
import dev.fieldgate.util.Lifecycle;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.Optional;

/** Composition root of the durable buffer: opens the outbox first and closes it last, with its metrics. */
@ApplicationScoped
public class OutboxRoot implements BufferService {

    private static final Logger LOG = Logger.getLogger(OutboxRoot.class);

    private final GatewayConfig gateway;
    private final BufferConfig config;
    private final MemoryBudget memory;
    private final MeterRegistry registry;
    private volatile H2Outbox outbox;

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
