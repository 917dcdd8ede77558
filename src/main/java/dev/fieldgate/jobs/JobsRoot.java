package dev.fieldgate.jobs;

import dev.fieldgate.config.GatewayConfig;
import dev.fieldgate.config.JobsConfig;
import dev.fieldgate.field.AdapterService;
import dev.fieldgate.field.DeviceStatus;
import dev.fieldgate.field.Reading;
import dev.fieldgate.field.adapter.AdapterDefinition;
import dev.fieldgate.provisioning.IdentityStore;
import dev.fieldgate.provisioning.UplinkCertificateRequests;
import dev.fieldgate.uplink.UplinkSession;
import dev.fieldgate.util.Lifecycle;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

/**
 * Composition root of fleet jobs: subscribes with the other cloud-facing handlers, once the devices poll (a rollout
 * watches them), and closes before the uplink does.
 */
@ApplicationScoped
public class JobsRoot implements JobsService {

    private final GatewayConfig gateway;
    private final JobsConfig config;
    private final AdapterService field;
    private final UplinkSession uplink;
    private volatile JobStore store;
    private volatile JobAgent agent;
    private volatile AdapterRollout rollout;

    JobsRoot(final GatewayConfig gateway, final JobsConfig config, final AdapterService field,
             final UplinkSession uplink) {
        this.gateway = gateway;
        this.config = config;
        this.field = field;
        this.uplink = uplink;
    }

    void start(@Observes @Priority(Lifecycle.START_HANDLERS) final StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        final Path dir = gateway.dataDir().resolve("jobs");
        store = new JobStore(dir);
        rollout = new AdapterRollout(target(field), dir.resolve("work"),
                new AdapterFetcher(config.downloadTimeout(), config.downloadMaxBytes().asLongValue()),
                new RolloutHealth(target(field), config.healthWindow()), config.rolloutMaxBytes().asLongValue());
        final BiFunction<String, byte[], CompletableFuture<Void>> publish =
                (topic, payload) -> uplink.control().publish(topic, payload, null);
        final CertificateRotation rotation = new CertificateRotation(
                new IdentityStore(gateway.dataDir().resolve("identity")),
                new UplinkCertificateRequests(uplink.uplink(), publish, config.requestTimeout()), uplink,
                gateway.gatewayId(), config.connackWindow(), config.previousCertificateKeep());
        agent = new JobAgent(new JobTopics(gateway.gatewayId()), uplink.uplink(), publish, store,
                Map.of(AdapterRolloutDocument.OPERATION, rollout, RotateCertificateDocument.OPERATION, rotation),
                stepMinutes(config), config.requestTimeout().toMillis());
        agent.start();
    }

    void stop(@Observes @Priority(Lifecycle.STOP_HANDLERS) final ShutdownEvent event) {
        if (agent != null) {
            Lifecycle.stopStep("jobs", agent::close);
        }
        if (store != null) {
            Lifecycle.stopStep("the job store", store::close);
        }
    }

    @Override
    public Optional<JobRecord> lastRollout() {
        return store == null ? Optional.empty() : store.last(AdapterRolloutDocument.OPERATION);
    }

    @Override
    public String rollBackLastRollout() {
        if (agent == null) {
            throw new IllegalStateException("fleet jobs are off (fieldgate.jobs.enabled=false)");
        }
        return new ManualRollback(agent, store, rollout).run();
    }

    /** The rollout's step timeout in the service's unit, whole minutes in its range 1..10080. */
    static long stepMinutes(final JobsConfig config) {
        final long minutes = config.stepTimeout().toMinutes();
        if (minutes < 1 || minutes > 10080) {
            throw new IllegalArgumentException("fieldgate.jobs.step-timeout must be 1 min to 7 d, is "
                    + config.stepTimeout());
        }
        return minutes;
    }

    private static AdapterTarget target(final AdapterService field) {
        return new AdapterTarget() {
            @Override
            public Path dir() {
                return field.adaptersDir();
            }

            @Override
            public AdapterDefinition parse(final String file, final String name, final String yaml) {
                return field.loader().parse(file, name, yaml);
            }

            @Override
            public String reload(final String adapterName) {
                return field.reload(adapterName);
            }

            @Override
            public Optional<String> adapterOf(final String deviceId) {
                return field.devices().adapterOf(deviceId);
            }

            @Override
            public Optional<DeviceStatus> status(final String deviceId) {
                return field.devices().status(deviceId);
            }

            @Override
            public Map<String, Reading> latest(final String deviceId) {
                return field.latest().of(deviceId);
            }
        };
    }
}
