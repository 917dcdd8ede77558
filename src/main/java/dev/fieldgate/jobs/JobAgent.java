package dev.fieldgate.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.fieldgate.uplink.InboundMessage;
import dev.fieldgate.uplink.Uplink;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

/**
 * The device side of AWS IoT Jobs (cloud-protocols §3.1) for the gateway's own thing, over the uplink session:
 * StartNextPendingJobExecution on every connect and on every notify-next, one job at a time on the {@code jobs}
 * thread, progress recorded before it is reported, results reported until the service takes them.
 *
 * <p>Messages arrive on the client's thread and are only routed there; job work runs on the jobs thread, so a
 * cancellation (notify-next that no longer names the running job, or names it CANCELED/REMOVED/TIMED_OUT; an
 * IN_PROGRESS update refused with TerminalStateReached) is seen while a step runs, and the job stops at its
 * next checkpoint and rolls back.
 */
final class JobAgent implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JobAgent.class);

    private final JobTopics topics;
    private final Uplink uplink;
    private final BiFunction<String, byte[], CompletableFuture<Void>> publish;
    private final JobStore store;
    private final Map<String, JobOperation> operations;
    private final long stepTimeoutMinutes;
    private final JobUpdates updates;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        final Thread t = new Thread(r, "jobs");
        t.setDaemon(true);
        return t;
    });
    private volatile Running current;

    /** The job on the jobs thread now, and why it must stop, once it must. */
    private record Running(String jobId, AtomicReference<String> canceled) {
    }

    /**
     * @param publish            QoS 1 publish on the uplink session (the control publisher)
     * @param operations         by the document's {@code operation}
     * @param stepTimeoutMinutes asked for with start-next and every IN_PROGRESS update
     * @param timeoutMs          longest wait for one answer of the service
     */
    JobAgent(final JobTopics topics, final Uplink uplink, final BiFunction<String, byte[], CompletableFuture<Void>> publish,
             final JobStore store, final Map<String, JobOperation> operations, final long stepTimeoutMinutes,
             final long timeoutMs) {
        this.topics = topics;
        this.uplink = uplink;
        this.publish = publish;
        this.store = store;
        this.operations = Map.copyOf(operations);
        this.stepTimeoutMinutes = stepTimeoutMinutes;
        this.updates = new JobUpdates(topics, publish, store, timeoutMs);
    }

    /** Finishes jobs a stop interrupted, subscribes, and asks for the next job whenever the uplink connects. */
    void start() {
        thread.execute(this::recover);
        uplink.subscribe(topics.notifyNext(), this::receive);
        uplink.subscribe(topics.startNextAnswers(), this::receive);
        uplink.subscribe(topics.updateAnswers(), this::receive);
        uplink.onStateChange(() -> {
            if (uplink.isConnected()) {
                thread.execute(this::onConnected);
            }
        });
        if (uplink.isConnected()) {
            thread.execute(this::onConnected);
        }
    }

    /** @return the job running now, if any */
    Optional<String> runningJob() {
        final Running r = current;
        return r == null ? Optional.empty() : Optional.of(r.jobId());
    }

    /**
     * Runs {@code task} on the jobs thread, between jobs, so that it never interleaves with a job's steps.
     *
     * @throws IllegalStateException when a job keeps the thread busy for more than 10 s
     */
    <T> T exclusive(final java.util.function.Supplier<T> task) {
        final java.util.concurrent.Future<T> f = thread.submit(task::get);
        try {
            return f.get(10, TimeUnit.SECONDS);
        } catch (final java.util.concurrent.TimeoutException e) {
            f.cancel(false);
            throw new IllegalStateException("job " + runningJob().orElse("(starting)") + " runs now; try again after "
                    + "it ends");
        } catch (final java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private void receive(final InboundMessage m) {
        try {
            final JsonNode body = JobMessages.read(m.payload());
            if (m.topic().equals(topics.notifyNext())) {
                onNotifyNext(body);
            } else if (m.topic().equals(topics.startNext() + "/accepted")) {
                final Optional<JobExecution> next = JobMessages.execution(body);
                next.ifPresent(e -> thread.execute(() -> take(e)));
            } else if (m.topic().equals(topics.startNext() + "/rejected")) {
                final JobMessages.Rejection r = JobMessages.rejection(body);
                LOG.warnf("Jobs: start-next refused with %s (%s)", r.code(), r.message());
            } else if (topics.jobOfUpdateAnswer(m.topic()).isPresent()) {
                updates.answer(m.topic(), body);
            }
        } catch (final IllegalArgumentException e) {
            // a malformed message must not stop the consumer (house style 25); nothing can be answered to it
            LOG.warnf("Jobs: message on %s ignored: %s", m.topic(), e.getMessage());
        } finally {
            m.acknowledge();
        }
    }

    private void onNotifyNext(final JsonNode body) {
        final Optional<JobExecution> next = JobMessages.execution(body);
        final Running r = current;
        if (r != null) {
            // IN_PROGRESS executions come first (§3.1 StartNext semantics): the running job stops being next only
            // when the service ended it
            if (next.isEmpty() || !next.get().jobId().equals(r.jobId()) || next.get().terminal()) {
                final String why = next.filter(e -> e.jobId().equals(r.jobId())).map(JobExecution::status)
                        .orElse("no longer the thing's next job: canceled, removed or timed out");
                r.canceled().compareAndSet(null, "the service ended the execution (" + why + ")");
            }
        } else if (next.isPresent()) {
            thread.execute(this::requestNext);
        }
    }

    private void onConnected() {
        for (final JobRecord r : store.unreported()) {
            report(r);
        }
        requestNext();
    }

    private void requestNext() {
        if (current != null || !uplink.isConnected()) {
            return;
        }
        publish.apply(topics.startNext(), JobMessages.startNext(stepTimeoutMinutes, JobUpdates.token()))
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.debugf("Jobs: start-next not sent: %s", e.getMessage());
                    }
                });
    }

    private void take(final JobExecution e) {
        if (current != null || e.terminal()) {
            return;
        }
        final Optional<JobRecord> known = store.find(e.jobId());
        if (known.isPresent()) {
            // never run a job twice: a result not yet taken by the service goes out again instead
            if (!known.get().running() && !known.get().reported()) {
                report(known.get());
            }
            return;
        }
        final JobDocument doc;
        try {
            doc = JobDocumentParser.parse(e.document(), e.documentBytes());
        } catch (final JobDocumentException ex) {
            LOG.warnf("Job %s rejected: %s", e.jobId(), ex.getMessage());
            store.begin(e.jobId(), "", e.versionNumber());
            finish(e.jobId(), "REJECTED", ex.getMessage());
            requestNext();
            return;
        }
        store.begin(e.jobId(), doc.operation(), e.versionNumber());
        final Running r = new Running(e.jobId(), new AtomicReference<>());
        current = r;
        LOG.infof("Job %s (%s) started", e.jobId(), doc.operation());
        try {
            finish(e.jobId(), "SUCCEEDED", operations.get(doc.operation()).run(e.jobId(), doc, context(r)));
        } catch (final JobCanceledException ex) {
            store.finish(e.jobId(), "FAILED", "canceled: " + ex.getMessage());
            // the service ended it already: an update would be refused with TerminalStateReached
            store.reported(e.jobId());
            LOG.infof("Job %s canceled and rolled back: %s", e.jobId(), ex.getMessage());
        } catch (final JobFailedException ex) {
            finish(e.jobId(), "FAILED", ex.getMessage());
        } catch (final RuntimeException ex) {
            LOG.errorf(ex, "Job %s failed unexpectedly", e.jobId());
            finish(e.jobId(), "FAILED", "unexpected failure: " + ex);
        } finally {
            current = null;
        }
        requestNext();
    }

    private void finish(final String jobId, final String state, final String detail) {
        store.finish(jobId, state, detail);
        LOG.infof("Job %s %s: %s", jobId, state, detail);
        store.find(jobId).ifPresent(this::report);
    }

    private void report(final JobRecord r) {
        // a rollout rolled back by hand did succeed as a job: the rollback is the site's own decision, in the detail
        final String status = "ROLLED_BACK".equals(r.state()) ? "SUCCEEDED" : r.state();
        final String key = "SUCCEEDED".equals(status) ? "result" : "reason";
        final JobUpdates.Result res = updates.send(r.jobId(), status, Map.of(key, r.detail()), 0);
        if (res != JobUpdates.Result.UNKNOWN) {
            store.reported(r.jobId());
            final JobOperation op = operations.get(r.operation());
            if (op != null) {
                op.reported(r);
            }
        }
    }

    private JobContext context(final Running r) {
        return new JobContext() {
            @Override
            public void checkpoint(final int step, final String description) {
                store.step(r.jobId(), step);
                throwIfCanceled();
                final JobUpdates.Result res = updates.send(r.jobId(), "IN_PROGRESS",
                        Map.of("step", Integer.toString(step), "progress", description), stepTimeoutMinutes);
                if (res == JobUpdates.Result.ENDED) {
                    r.canceled().compareAndSet(null, "the service refused a progress update: the execution is over");
                }
                throwIfCanceled();
            }

            @Override
            public void throwIfCanceled() {
                final String why = r.canceled().get();
                if (why != null) {
                    throw new JobCanceledException(why);
                }
            }
        };
    }

    /** Jobs that were RUNNING when the gateway stopped are rolled back by their operation, then reported FAILED. */
    private void recover() {
        for (final JobRecord r : store.interrupted()) {
            final JobOperation op = operations.get(r.operation());
            String reason;
            try {
                reason = op == null ? "the gateway restarted during the job" : op.recover(r.jobId(), r.step());
            } catch (final RuntimeException e) {
                reason = "the gateway restarted during the job and could not roll it back: " + e.getMessage();
                LOG.errorf(e, "Job %s: recovery failed", r.jobId());
            }
            store.finish(r.jobId(), "FAILED", reason);
            LOG.warnf("Job %s was interrupted at step %d: %s", r.jobId(), r.step(), reason);
        }
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
