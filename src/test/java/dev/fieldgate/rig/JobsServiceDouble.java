package dev.fieldgate.rig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A stand-in for the AWS IoT Jobs service's device MQTT API, written from the developer guide (jobs-mqtt-api,
 * iot-jobs-lifecycle; digest in cloud-protocols §3.1): executions per thing, {@code start-next} (IN_PROGRESS first,
 * then QUEUED in creation order, a QUEUED one moved to IN_PROGRESS), {@code update} with {@code expectedVersion}
 * (VersionMismatch with the current executionState), step timers ({@code stepTimeoutInMinutes}, expiry makes the
 * execution TIMED_OUT), cancellation and removal from the cloud side, and {@code notify-next} whenever the next
 * execution changes. Its clock only moves when a test moves it.
 */
public final class JobsServiceDouble {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> DEVICE_STATUSES = Set.of("IN_PROGRESS", "SUCCEEDED", "FAILED", "REJECTED");
    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "REJECTED", "TIMED_OUT", "REMOVED",
            "CANCELED");

    /** One job's execution on one thing, as the service keeps it. */
    public static final class Execution {
        private final String jobId;
        private final JsonNode document;
        private final long queuedAt;
        private String status = "QUEUED";
        private long version = 1;
        private final long executionNumber;
        private final ObjectNode statusDetails = JSON.createObjectNode();
        private long stepDeadlineMs = -1;

        Execution(final String jobId, final JsonNode document, final long queuedAt, final long executionNumber) {
            this.jobId = jobId;
            this.document = document;
            this.queuedAt = queuedAt;
            this.executionNumber = executionNumber;
        }

        /** @return the execution's status */
        public synchronized String status() {
            return status;
        }

        /** @return the execution's version number */
        public synchronized long version() {
            return version;
        }

        /** @return a copy of the statusDetails */
        public synchronized Map<String, String> statusDetails() {
            final Map<String, String> out = new LinkedHashMap<>();
            statusDetails.fields().forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            return out;
        }
    }

    private final BiConsumer<String, byte[]> publish;
    private final Map<String, Map<String, Execution>> things = new LinkedHashMap<>();
    private final List<String> rejections = new ArrayList<>();
    private final List<String> updates = new ArrayList<>();
    private long nowMs = 1_700_000_000_000L;
    private long executions;

    /** @param publish sends a message to the device side */
    public JobsServiceDouble(final BiConsumer<String, byte[]> publish) {
        this.publish = publish;
    }

    /** Handles a request published by a device; anything that is not a Jobs request is ignored. */
    public synchronized void handle(final String topic, final byte[] payload) {
        final String[] p = topic.split("/", -1);
        if (p.length < 5 || !"$aws".equals(p[0]) || !"things".equals(p[1]) || !"jobs".equals(p[3])) {
            return;
        }
        final String thing = p[2];
        final JsonNode body;
        try {
            body = payload.length == 0 ? JSON.createObjectNode() : JSON.readTree(payload);
            if (body == null || !body.isObject()) {
                throw new IllegalArgumentException();
            }
        } catch (final Exception e) {
            reject(topic, "InvalidJson", "payload is not a JSON object", "", null);
            return;
        }
        final String token = body.path("clientToken").asText("");
        if (p.length == 5 && "start-next".equals(p[4])) {
            startNext(thing, topic, body, token);
        } else if (p.length == 6 && "update".equals(p[5])) {
            update(thing, p[4], topic, body, token);
        }
    }

    /** Queues a job for a thing (CreateJob with one target), and tells the thing when it became its next job. */
    public synchronized void createJob(final String thing, final String jobId, final String document) {
        final JsonNode doc;
        try {
            doc = JSON.readTree(document);
        } catch (final Exception e) {
            throw new IllegalArgumentException("not JSON: " + document, e);
        }
        final String before = nextId(thing);
        things.computeIfAbsent(thing, t -> new LinkedHashMap<>()).put(jobId,
                new Execution(jobId, doc, nowMs, ++executions));
        notifyIfNextChanged(thing, before);
    }

    /** CancelJobExecution (with force for IN_PROGRESS ones): the execution becomes CANCELED. */
    public synchronized void cancel(final String thing, final String jobId) {
        end(thing, jobId, "CANCELED");
    }

    /** DeleteJobExecution / job deletion: the execution becomes REMOVED. */
    public synchronized void remove(final String thing, final String jobId) {
        end(thing, jobId, "REMOVED");
    }

    /** Moves the service's clock; step timers that expire make their executions TIMED_OUT. */
    public synchronized void advance(final Duration d) {
        nowMs += d.toMillis();
        things.forEach((thing, jobs) -> jobs.values().stream()
                .filter(e -> e.stepDeadlineMs >= 0 && e.stepDeadlineMs <= nowMs && !TERMINAL.contains(e.status))
                .map(e -> e.jobId).toList().forEach(id -> end(thing, id, "TIMED_OUT")));
    }

    /** Another writer changed the execution (what a lost answer looks like to the device): the version moves on. */
    public synchronized void bumpVersion(final String thing, final String jobId) {
        final Execution e = execution(thing, jobId);
        synchronized (e) {
            e.version++;
        }
    }

    /** @return the execution, or null */
    public synchronized Execution execution(final String thing, final String jobId) {
        return things.getOrDefault(thing, Map.of()).get(jobId);
    }

    /** @return the error codes of every rejected answer, in order, e.g. "VersionMismatch" */
    public synchronized List<String> rejections() {
        return List.copyOf(rejections);
    }

    /** @return "jobId:STATUS" of every accepted update, in order */
    public synchronized List<String> acceptedUpdates() {
        return List.copyOf(updates);
    }

    private void startNext(final String thing, final String topic, final JsonNode body, final String token) {
        final String before = nextId(thing);
        final Execution next = next(thing);
        final ObjectNode answer = JSON.createObjectNode();
        if (next != null) {
            synchronized (next) {
                if ("QUEUED".equals(next.status)) {
                    next.status = "IN_PROGRESS";
                    next.version++;
                }
                stepTimer(next, body.path("stepTimeoutInMinutes"));
                answer.set("execution", data(thing, next));
            }
        }
        answer.put("timestamp", nowMs / 1000).put("clientToken", token);
        send(topic + "/accepted", answer);
        notifyIfNextChanged(thing, before);
    }

    private void update(final String thing, final String jobId, final String topic, final JsonNode body,
                        final String token) {
        final Execution e = execution(thing, jobId);
        if (e == null) {
            reject(topic, "ResourceNotFound", "no execution of job " + jobId + " on " + thing, token, null);
            return;
        }
        final String status = body.path("status").asText("");
        if (!DEVICE_STATUSES.contains(status)) {
            reject(topic, "InvalidRequest", "status must be one of " + DEVICE_STATUSES, token, null);
            return;
        }
        final JsonNode details = body.path("statusDetails");
        if (!details.isMissingNode() && (!details.isObject() || !allText(details))) {
            reject(topic, "InvalidRequest", "statusDetails values must be strings", token, null);
            return;
        }
        final String before = nextId(thing);
        synchronized (e) {
            if (TERMINAL.contains(e.status)) {
                reject(topic, "TerminalStateReached", "the execution is " + e.status, token, e);
                return;
            }
            if (body.has("expectedVersion") && body.path("expectedVersion").asLong() != e.version) {
                reject(topic, "VersionMismatch", "expected version " + body.path("expectedVersion").asLong()
                        + ", current " + e.version, token, e);
                return;
            }
            e.status = status;
            e.version++;
            if (details.isObject()) {
                e.statusDetails.setAll((ObjectNode) details);
            }
            if ("IN_PROGRESS".equals(status)) {
                stepTimer(e, body.path("stepTimeoutInMinutes"));
            } else {
                e.stepDeadlineMs = -1;
            }
            updates.add(jobId + ":" + status);
            final ObjectNode answer = JSON.createObjectNode();
            if (body.path("includeJobExecutionState").asBoolean(false)) {
                answer.set("executionState", state(e));
            }
            answer.put("timestamp", nowMs / 1000).put("clientToken", token);
            send(topic + "/accepted", answer);
        }
        notifyIfNextChanged(thing, before);
    }

    private void stepTimer(final Execution e, final JsonNode minutes) {
        if (minutes.isIntegralNumber()) {
            e.stepDeadlineMs = nowMs + minutes.asLong() * 60_000;
        }
    }

    private void end(final String thing, final String jobId, final String status) {
        final Execution e = Objects.requireNonNull(execution(thing, jobId), jobId);
        final String before = nextId(thing);
        synchronized (e) {
            e.status = status;
            e.version++;
            e.stepDeadlineMs = -1;
        }
        notifyIfNextChanged(thing, before);
    }

    /** IN_PROGRESS executions first, then QUEUED ones, each in creation order. */
    private Execution next(final String thing) {
        final Map<String, Execution> jobs = things.getOrDefault(thing, Map.of());
        for (final String wanted : new String[] {"IN_PROGRESS", "QUEUED"}) {
            for (final Execution e : jobs.values()) {
                if (wanted.equals(e.status())) {
                    return e;
                }
            }
        }
        return null;
    }

    private String nextId(final String thing) {
        final Execution e = next(thing);
        return e == null ? null : e.jobId;
    }

    /** notify-next "is not sent when the next job's execution details change, only when the next job … changed". */
    private void notifyIfNextChanged(final String thing, final String before) {
        final Execution next = next(thing);
        if (Objects.equals(before, next == null ? null : next.jobId)) {
            return;
        }
        final ObjectNode event = JSON.createObjectNode();
        if (next != null) {
            synchronized (next) {
                event.set("execution", data(thing, next));
            }
        }
        event.put("timestamp", nowMs / 1000);
        send("$aws/things/" + thing + "/jobs/notify-next", event);
    }

    private ObjectNode data(final String thing, final Execution e) {
        final ObjectNode o = JSON.createObjectNode().put("jobId", e.jobId).put("thingName", thing);
        o.set("jobDocument", e.document);
        o.put("status", e.status).put("queuedAt", e.queuedAt / 1000).put("lastUpdatedAt", nowMs / 1000)
                .put("versionNumber", e.version).put("executionNumber", e.executionNumber);
        o.set("statusDetails", e.statusDetails.deepCopy());
        return o;
    }

    private static ObjectNode state(final Execution e) {
        final ObjectNode s = JSON.createObjectNode().put("status", e.status);
        s.set("statusDetails", e.statusDetails.deepCopy());
        s.put("versionNumber", e.version);
        return s;
    }

    private void reject(final String topic, final String code, final String message, final String token,
                        final Execution e) {
        rejections.add(code);
        final ObjectNode body = JSON.createObjectNode().put("code", code).put("message", message)
                .put("clientToken", token).put("timestamp", nowMs / 1000);
        if (e != null) {
            body.set("executionState", state(e));
        }
        send(topic + "/rejected", body);
    }

    private static boolean allText(final JsonNode o) {
        for (final Iterator<JsonNode> it = o.elements(); it.hasNext(); ) {
            if (!it.next().isTextual()) {
                return false;
            }
        }
        return true;
    }

    private void send(final String topic, final ObjectNode body) {
        publish.accept(topic, body.toString().getBytes(StandardCharsets.UTF_8));
    }
}
