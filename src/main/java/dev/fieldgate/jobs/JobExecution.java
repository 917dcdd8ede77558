package dev.fieldgate.jobs;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * A job execution as the Jobs service describes it ({@code JobExecutionData}, cloud-protocols §3.1).
 *
 * @param jobId           the job, a topic level in update requests (checked: {@code [a-zA-Z0-9_-]{1,64}})
 * @param status          QUEUED, IN_PROGRESS, … as sent
 * @param versionNumber   the execution's version, the {@code expectedVersion} of the next update
 * @param executionNumber the execution number
 * @param document        the job document, or a missing node when the message carried none
 * @param documentBytes   the document's size as serialised, for the 32 KB limit
 */
public record JobExecution(String jobId, String status, long versionNumber, long executionNumber, JsonNode document,
                           int documentBytes) {

    /** Checks the job id, which becomes a topic level. */
    public JobExecution {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(document, "document");
        if (!jobId.matches("[a-zA-Z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("jobId '" + JobDocumentParser.printable(jobId)
                    + "' is not 1-64 of a-z A-Z 0-9 _ -");
        }
    }

    /** @return true when the service ended the execution (CANCELED, REMOVED, TIMED_OUT, or a device terminal state) */
    public boolean terminal() {
        return switch (status) {
            case "QUEUED", "IN_PROGRESS" -> false;
            default -> true;
        };
    }
}
