package dev.fieldgate.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON of the Jobs MQTT API (cloud-protocols §3.1): requests built, answers and events read. Pure: no I/O,
 * clocks or logging. Reading never trusts the shape: a field of the wrong type counts as missing.
 */
public final class JobMessages {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Largest message taken from the Jobs topics: a 32 KB document plus the envelope. */
    public static final int MAX_MESSAGE_BYTES = 64 * 1024;
    /** statusDetails values are bounded here; the reason of a failure is cut, not dropped. */
    static final int MAX_DETAIL_CHARS = 1000;

    /** A rejected answer's error. @param code e.g. VersionMismatch @param currentVersion from executionState */
    public record Rejection(String code, String message, OptionalLong currentVersion) {
    }

    private JobMessages() {
    }

    /** @return a StartNextPendingJobExecution request */
    public static byte[] startNext(final long stepTimeoutMinutes, final String clientToken) {
        final ObjectNode o = JSON.createObjectNode().put("stepTimeoutInMinutes", stepTimeoutMinutes)
                .put("clientToken", clientToken);
        return bytes(o);
    }

    /**
     * @param status             IN_PROGRESS, SUCCEEDED, FAILED or REJECTED
     * @param details            statusDetails, strings only (each value cut to {@value #MAX_DETAIL_CHARS} chars)
     * @param expectedVersion    the version the gateway last saw
     * @param stepTimeoutMinutes a new step timer for IN_PROGRESS, or 0 for none
     * @return an UpdateJobExecution request that asks for the new execution state back
     */
    public static byte[] update(final String status, final Map<String, String> details, final long expectedVersion,
                                final long stepTimeoutMinutes, final String clientToken) {
        final ObjectNode o = JSON.createObjectNode().put("status", status);
        final ObjectNode d = o.putObject("statusDetails");
        details.forEach((k, v) -> d.put(k, v.length() > MAX_DETAIL_CHARS ? v.substring(0, MAX_DETAIL_CHARS) : v));
        o.put("expectedVersion", expectedVersion).put("includeJobExecutionState", true);
        if (stepTimeoutMinutes > 0) {
            o.put("stepTimeoutInMinutes", stepTimeoutMinutes);
        }
        o.put("clientToken", clientToken);
        return bytes(o);
    }

    /**
     * Reads a message body.
     *
     * @throws IllegalArgumentException when it is too large, not JSON, or not an object
     */
    public static JsonNode read(final byte[] payload) {
        if (payload.length > MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("message of " + payload.length + " bytes exceeds " + MAX_MESSAGE_BYTES);
        }
        try {
            final JsonNode n = JSON.readTree(payload);
            if (n == null || !n.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            return n;
        } catch (final JsonProcessingException e) {
            // the original message only: the full one quotes the payload
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        } catch (final IOException e) {
            throw new IllegalArgumentException("unreadable: " + e.getClass().getSimpleName());
        }
    }

    /**
     * @return the {@code execution} of a start-next answer or a notify-next event; empty when there is none (nothing
     *         pending)
     * @throws IllegalArgumentException when an execution is there but malformed (no job id, bad job id)
     */
    public static Optional<JobExecution> execution(final JsonNode body) {
        final JsonNode e = body.get("execution");
        if (e == null || e.isNull()) {
            return Optional.empty();
        }
        if (!e.isObject() || !e.path("jobId").isTextual()) {
            throw new IllegalArgumentException("execution without a jobId");
        }
        final JsonNode doc = e.path("jobDocument");
        return Optional.of(new JobExecution(e.get("jobId").asText(), e.path("status").asText("QUEUED"),
                e.path("versionNumber").asLong(0), e.path("executionNumber").asLong(0), doc, size(doc)));
    }

    /** @return the versionNumber of an update's accepted answer, when it carries the execution state */
    public static OptionalLong acceptedVersion(final JsonNode body) {
        final JsonNode v = body.path("executionState").path("versionNumber");
        return v.canConvertToLong() && v.isIntegralNumber() ? OptionalLong.of(v.asLong()) : OptionalLong.empty();
    }

    /** @return the error of a rejected answer */
    public static Rejection rejection(final JsonNode body) {
        final JsonNode v = body.path("executionState").path("versionNumber");
        return new Rejection(body.path("code").asText("unknown"), body.path("message").asText(""),
                v.isIntegralNumber() ? OptionalLong.of(v.asLong()) : OptionalLong.empty());
    }

    /** @return the clientToken echoed in an answer, or "" */
    public static String clientToken(final JsonNode body) {
        return body.path("clientToken").asText("");
    }

    private static int size(final JsonNode doc) {
        if (doc.isMissingNode()) {
            return 0;
        }
        try {
            return JSON.writeValueAsBytes(doc).length;
        } catch (final JsonProcessingException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static byte[] bytes(final ObjectNode o) {
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }
}
