package dev.fieldgate.jobs;

import dev.fieldgate.provisioning.CertificateSigning;
import dev.fieldgate.provisioning.IdentityStore;
import dev.fieldgate.provisioning.ProvisioningException;
import dev.fieldgate.provisioning.UplinkCertificateRequests;
import dev.fieldgate.uplink.ClientCertificate;
import dev.fieldgate.uplink.UplinkSession;
import dev.fieldgate.util.AtomicFiles;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Job {@code fieldgate.rotate-certificate}. Steps, each recorded before the next begins:
 * <ol>
 *   <li>a new EC key made on the box, written owner-only to {@code identity/rotated/<jobId>/gateway.key};</li>
 *   <li>its CSR sent with CreateCertificateFromCsr over the uplink, the certificate (checked to be for the key)
 *       stored beside it;</li>
 *   <li>{@code identity/active.json} switched to the new files in one atomic write (the previous ones recorded in
 *       it), the uplink reconnected with them and the CONNACK awaited.</li>
 * </ol>
 * No CONNACK within the window, a failure or a cancellation after the switch: {@code active.json} goes back, the
 * uplink reconnects with the previous files, the new ones are deleted, the job FAILS with the reason. The previous
 * files stay until the service takes the SUCCEEDED update, or for {@code previous-certificate-keep} at most.
 */
final class CertificateRotation implements JobOperation {

    private static final Logger LOG = Logger.getLogger(CertificateRotation.class);

    private final IdentityStore identities;
    private final UplinkCertificateRequests requests;
    private final UplinkSession uplink;
    private final String thing;
    private final Duration connackWindow;
    private final Duration keepPrevious;

    CertificateRotation(final IdentityStore identities, final UplinkCertificateRequests requests,
                        final UplinkSession uplink, final String thing, final Duration connackWindow,
                        final Duration keepPrevious) {
        this.identities = identities;
        this.requests = requests;
        this.uplink = uplink;
        this.thing = thing;
        this.connackWindow = connackWindow;
        this.keepPrevious = keepPrevious;
    }

    @Override
    public String run(final String jobId, final JobDocument document, final JobContext context) {
        final ClientCertificate previous;
        try {
            previous = uplink.clientCertificate();
        } catch (final IllegalStateException e) {
            throw new JobFailedException("nothing to rotate: " + e.getMessage());
        }
        final Path dir = identities.rotationDir(jobId);
        final IdentityStore.KeyFiles fresh = new IdentityStore.KeyFiles(dir.resolve("gateway.pem"),
                dir.resolve("gateway.key"));
        try {
            final KeyPair keys = CertificateSigning.newKey();
            AtomicFiles.write(fresh.key(), CertificateSigning.privateKeyPem(keys), true);
            context.checkpoint(1, "new key made on the gateway");
            final UplinkCertificateRequests.Issued issued = requests.createFromCsr(keys, thing);
            AtomicFiles.write(fresh.cert(), issued.certificatePem(), false);
            context.checkpoint(2, "certificate " + issued.certificateId() + " issued");
            identities.activate(fresh, new IdentityStore.KeyFiles(previous.cert(), previous.key()));
            if (!switchTo(new ClientCertificate(fresh.cert(), fresh.key()))) {
                final String why = Optional.ofNullable(uplink.uplink().status().lastError()).orElse("no CONNACK");
                throw new JobFailedException("the broker did not accept certificate " + issued.certificateId()
                        + " within " + connackWindow.toSeconds() + " s (" + why + ")");
            }
            context.checkpoint(3, "connected with certificate " + issued.certificateId());
            CompletableFuture.delayedExecutor(keepPrevious.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> forgetPrevious(jobId));
            return "rotated to certificate " + issued.certificateId();
        } catch (final ProvisioningException e) {
            rollBack(jobId);
            throw new JobFailedException("CreateCertificateFromCsr: " + e.getMessage() + "; still on the previous "
                    + "certificate");
        } catch (final JobFailedException e) {
            rollBack(jobId);
            throw new JobFailedException(e.getMessage() + "; back on the previous certificate");
        } catch (final JobCanceledException e) {
            rollBack(jobId);
            throw e;
        } catch (final RuntimeException e) {
            rollBack(jobId);
            throw new JobFailedException("rotation failed: " + e.getMessage() + "; back on the previous certificate", e);
        }
    }

    @Override
    public String recover(final String jobId, final int step) {
        final boolean switched = rollBack(jobId);
        return "the gateway restarted during the certificate rotation (step " + step + "); "
                + (switched ? "back on the previous certificate" : "the new key was discarded before it was used");
    }

    @Override
    public void reported(final JobRecord job) {
        if ("SUCCEEDED".equals(job.state())) {
            forgetPrevious(job.jobId());
        }
    }

    /**
     * Goes back to the previous certificate when this job's is the active one, and deletes this job's files.
     *
     * @return true when the uplink had been switched to this job's certificate
     */
    private boolean rollBack(final String jobId) {
        final Path dir = identities.rotationDir(jobId);
        final Optional<IdentityStore.Active> active = identities.active();
        final boolean switched = active.isPresent() && inside(active.get().current().cert(), dir)
                && active.get().previous().isPresent();
        if (switched) {
            final IdentityStore.KeyFiles previous = active.get().previous().get();
            identities.activate(previous, null);
            if (!switchTo(new ClientCertificate(previous.cert(), previous.key()))) {
                LOG.errorf("Uplink not connected again with the previous certificate %s within %d s; it keeps trying",
                        previous.cert(), connackWindow.toSeconds());
            }
        } else if (inside(uplink.clientCertificate().cert(), dir)) {
            // active.json went back before a crash but the uplink still used the new files: it was started with them
            active.ifPresent(a -> switchTo(new ClientCertificate(a.current().cert(), a.current().key())));
        }
        delete(dir);
        return switched;
    }

    /** The rotation is confirmed: the previous files go when the gateway made them, and so does the way back. */
    private synchronized void forgetPrevious(final String jobId) {
        final Optional<IdentityStore.Active> active = identities.active();
        if (active.isEmpty() || active.get().previous().isEmpty()
                || !inside(active.get().current().cert(), identities.rotationDir(jobId))) {
            return;
        }
        final IdentityStore.KeyFiles previous = active.get().previous().get();
        identities.activate(active.get().current(), null);
        if (identities.owns(previous.cert())) {
            try {
                Files.deleteIfExists(previous.key());
                Files.deleteIfExists(previous.cert());
                // a previous rotation's directory is empty now
                Files.deleteIfExists(previous.cert().getParent());
            } catch (final IOException e) {
                LOG.warnf("Previous certificate %s not removed: %s", previous.cert(), e.getMessage());
            }
        }
        LOG.infof("Rotation %s confirmed: previous certificate %s %s", jobId, previous.cert(),
                identities.owns(previous.cert()) ? "removed" : "left in place (configured, not made by the gateway)");
    }

    private boolean switchTo(final ClientCertificate to) {
        try {
            return uplink.switchIdentity(to, connackWindow).get(connackWindow.toMillis() + 10_000,
                    TimeUnit.MILLISECONDS);
        } catch (final ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static boolean inside(final Path file, final Path dir) {
        return file.toAbsolutePath().normalize().startsWith(dir.toAbsolutePath().normalize());
    }

    private static void delete(final Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (final Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (final IOException e) {
            LOG.warnf("Rotation files in %s not removed: %s", dir, e.getMessage());
        }
    }
}
