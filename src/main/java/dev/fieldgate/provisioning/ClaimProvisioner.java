package dev.fieldgate.provisioning;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fieldgate.util.Backoff;
import org.jboss.logging.Logger;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Provisions the gateway once, by claim: a key made here and a certificate request (the key never leaves the
 * box), {@code CreateCertificateFromCsr}, the certificate and token kept on disk, {@code RegisterThing},
 * then the identity committed and handed over. A restart after a crash resumes where it stopped (with the
 * kept token while it is fresh, so that no second certificate is made); an identity on disk means no
 * provisioning at all. Failures are reported and retried with backoff.
 */
public final class ClaimProvisioner implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClaimProvisioner.class);
    /** AWS IoT lets an ownership token live one hour; leave a margin for the request itself. */
    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(55);

    private final IdentityStore store;
    private final Supplier<ProvisioningClient> clients;
    private final String template;
    private final Map<String, String> parameters;
    private final String commonName;
    private final Backoff backoff;
    private volatile String status = "not started";
    private volatile String lastFailure;
    private volatile boolean running;
    private Thread thread;

    /**
     * @param store       where the identity goes
     * @param clients     opens a claim session
     * @param template    provisioning template name
     * @param parameters  template parameters
     * @param commonName  subject CN of the certificate request (the gateway id)
     * @param backoff     waits between failed attempts
     */
    public ClaimProvisioner(final IdentityStore store, final Supplier<ProvisioningClient> clients, final String template,
                            final Map<String, String> parameters, final String commonName, final Backoff backoff) {
        this.store = Objects.requireNonNull(store, "store");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.template = Objects.requireNonNull(template, "template");
        this.parameters = Map.copyOf(parameters);
        this.commonName = Objects.requireNonNull(commonName, "commonName");
        this.backoff = Objects.requireNonNull(backoff, "backoff");
    }

    /** Provisions on a thread of its own and hands the identity over when it is there; returns at once. */
    public synchronized void start(final Consumer<Identity> onIdentity) {
        running = true;
        thread = new Thread(() -> {
            int failures = 0;
            while (running) {
                try {
                    final Identity id = provisionOnce();
                    status = "provisioned as " + id.thingName();
                    onIdentity.accept(id);
                    return;
                } catch (final ProvisioningException e) {
                    lastFailure = e.getMessage();
                    status = "retrying after: " + e.getMessage();
                    if (e.tokenExpired()) {
                        LOG.warnf("Provisioning: the ownership token was refused (%s); starting again with a new "
                                + "certificate", e.getMessage());
                        store.discardPending();
                    }
                    LOG.errorf("Provisioning by claim failed: %s; trying again%s", e.getMessage(),
                            e.retryable() ? "" : " later (the cloud refused it; check the template and claim policy)");
                    // a refusal is likely to repeat until someone fixes the cloud side: wait longer
                    final long wait = backoff.delayNanos(e.retryable() ? failures++ : failures++ + 4);
                    try {
                        Thread.sleep(wait / 1_000_000L);
                    } catch (final InterruptedException ie) {
                        return;
                    }
                } catch (final RuntimeException e) {
                    status = "provisioning failed: " + e.getMessage();
                    LOG.errorf(e, "Provisioning by claim failed");
                    return;
                }
            }
        }, "provisioning");
        thread.setDaemon(true);
        thread.start();
    }

    /** @return the identity, provisioning it first when there is none. @throws ProvisioningException on failure */
    public Identity provisionOnce() {
        final Optional<Identity> existing = store.current();
        if (existing.isPresent()) {
            return existing.get();
        }
        status = lastFailure == null ? "provisioning" : "retrying after: " + lastFailure;
        try (ProvisioningClient client = clients.get()) {
            IdentityStore.Pending pending = store.pending()
                    .filter(p -> System.currentTimeMillis() - p.createdAt() < TOKEN_LIFETIME.toMillis()).orElse(null);
            if (pending == null) {
                store.discardPending();
                final KeyPair keys = store.pendingKey();
                final JsonNode created = client.createCertificateFromCsr(CertificateSigning.csr(keys, commonName));
                final String pem = created.path("certificatePem").asText();
                CertificateSigning.certificateFor(pem, keys.getPublic());
                pending = new IdentityStore.Pending(pem, created.path("certificateId").asText(),
                        created.path("certificateOwnershipToken").asText(), System.currentTimeMillis());
                store.savePending(pending);
                LOG.infof("Provisioning: certificate %s received; registering the thing", pending.certificateId());
            } else {
                LOG.infof("Provisioning: resuming registration of certificate %s", pending.certificateId());
            }
            final JsonNode registered = client.registerThing(template, pending.ownershipToken(), parameters);
            final String thing = registered.path("thingName").asText("");
            if (thing.isEmpty()) {
                throw new ProvisioningException("RegisterThing answered without a thing name", false, false);
            }
            final Identity id = store.commit(thing, pending, registered.get("deviceConfiguration"));
            LOG.infof("Provisioned as thing %s; the claim certificate is no longer used", thing);
            return id;
        }
    }

    /** @return what provisioning is doing or why it failed, for status pages. */
    public String status() {
        return status;
    }

    @Override
    public synchronized void close() {
        running = false;
        if (thread != null) {
            thread.interrupt();
        }
    }
}
