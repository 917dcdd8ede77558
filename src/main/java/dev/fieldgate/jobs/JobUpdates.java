package dev.fieldgate.jobs;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;

/**
 * UpdateJobExecution requests and their answers, matched by client token. The version the gateway last saw goes
 * out as {@code expectedVersion}; a VersionMismatch answer carries the service's version, which is taken and the
 * update sent once more (the gateway is the only writer of its execution, so a mismatch means a lost answer).
 */
final class JobUpdates {

    private static final Logger LOG = Logger.getLogger(JobUpdates.class);

    /** How an update ended. */
    enum Result {
        /** accepted */
        ACCEPTED,
        /** the execution is over on the service's side (canceled, removed, timed out, or already terminal) */
        ENDED,
        /** no answer, not connected, or refused for another reason: try again later */
        UNKNOWN
    }

    private final JobTopics topics;
    private final BiFunction<String, byte[], CompletableFuture<Void>> publish;
    private final JobStore store;
    private final long timeoutMs;
    private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();

    /** An answer to one update request. */
    private record Answer(boolean accepted, JsonNode body) {
    }

    JobUpdates(final JobTopics topics, final BiFunction<String, byte[], CompletableFuture<Void>> publish,
               final JobStore store, final long timeoutMs) {
        this.topics = topics;
        this.publish = publish;
        this.store = store;
        this.timeoutMs = timeoutMs;
    }

    /** Hands an update answer to the request waiting for it; answers nobody waits for are dropped. */
    void answer(final String topic, final JsonNode body) {
        final CompletableFuture<Answer> f = waiting.get(JobMessages.clientToken(body));
        if (f != null) {
            f.complete(new Answer(topic.endsWith("/accepted"), body));
        }
    }

    /**
     * Sends an update and waits for its answer (blocking: call on the jobs thread only).
     *
     * @param stepTimeoutMinutes new step timer for IN_PROGRESS, 0 for none
     */
    Result send(final String jobId, final String status, final Map<String, String> details,
                final long stepTimeoutMinutes) {
        for (int attempt = 0; attempt < 2; attempt++) {
            final long expected = store.find(jobId).map(JobRecord::version).orElse(0L);
            final Optional<Answer> answer = request(jobId, JobMessages.update(status, details, expected,
                    stepTimeoutMinutes, token()));
            if (answer.isEmpty()) {
                return Result.UNKNOWN;
            }
            final JsonNode body = answer.get().body();
            if (answer.get().accepted()) {
                final OptionalLong v = JobMessages.acceptedVersion(body);
                store.version(jobId, v.isPresent() ? v.getAsLong() : expected + 1);
                return Result.ACCEPTED;
            }
            final JobMessages.Rejection r = JobMessages.rejection(body);
            switch (r.code()) {
                case "VersionMismatch":
                    if (r.currentVersion().isPresent()) {
                        store.version(jobId, r.currentVersion().getAsLong());
                        continue;
                    }
                    return Result.UNKNOWN;
                case "TerminalStateReached", "InvalidStateTransition", "ResourceNotFound":
                    LOG.infof("Job %s: update to %s refused with %s (%s): the execution is over", jobId, status,
                            r.code(), r.message());
                    return Result.ENDED;
                default:
                    LOG.warnf("Job %s: update to %s refused with %s (%s)", jobId, status, r.code(), r.message());
                    return Result.UNKNOWN;
            }
        }
        return Result.UNKNOWN;
    }

    private Optional<Answer> request(final String jobId, final byte[] payload) {
        final String token = JobMessages.read(payload).path("clientToken").asText();
        final CompletableFuture<Answer> answer = new CompletableFuture<>();
        waiting.put(token, answer);
        try {
            publish.apply(topics.update(jobId), payload).get(timeoutMs, TimeUnit.MILLISECONDS);
            return Optional.of(answer.get(timeoutMs, TimeUnit.MILLISECONDS));
        } catch (final TimeoutException | ExecutionException e) {
            LOG.debugf("Job %s: update not answered: %s", jobId, e.getMessage());
            return Optional.empty();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            waiting.remove(token);
        }
    }

    static String token() {
        // the service takes at most 64 characters
        return "fg-" + UUID.randomUUID().toString().replace("-", "");
    }
}
