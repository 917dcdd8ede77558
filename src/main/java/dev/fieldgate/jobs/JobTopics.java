package dev.fieldgate.jobs;

import java.util.Objects;
import java.util.Optional;

/**
 * The AWS IoT Jobs MQTT topics of one thing (cloud-protocols §3.1), prefix {@code $aws/things/<thing>/jobs}.
 *
 * @param thing the gateway's own thing name
 */
public record JobTopics(String thing) {

    /** Checks the thing name: it becomes a topic level. */
    public JobTopics {
        Objects.requireNonNull(thing, "thing");
        if (thing.isEmpty() || thing.contains("/") || thing.contains("+") || thing.contains("#")) {
            throw new IllegalArgumentException("thing name '" + thing + "' cannot be a topic level");
        }
    }

    private String prefix() {
        return "$aws/things/" + thing + "/jobs";
    }

    /** @return NextJobExecutionChanged events */
    public String notifyNext() {
        return prefix() + "/notify-next";
    }

    /** @return StartNextPendingJobExecution requests */
    public String startNext() {
        return prefix() + "/start-next";
    }

    /** @return the filter for start-next's accepted and rejected answers */
    public String startNextAnswers() {
        return prefix() + "/start-next/+";
    }

    /** @return UpdateJobExecution requests of one job */
    public String update(final String jobId) {
        return prefix() + "/" + jobId + "/update";
    }

    /** @return the filter for the accepted and rejected answers to updates of every job */
    public String updateAnswers() {
        return prefix() + "/+/update/+";
    }

    /**
     * @return the job id of an update answer topic ({@code …/jobs/<jobId>/update/accepted|rejected}), empty for any
     *         other topic
     */
    public Optional<String> jobOfUpdateAnswer(final String topic) {
        final String p = prefix() + "/";
        if (!topic.startsWith(p)) {
            return Optional.empty();
        }
        final String[] rest = topic.substring(p.length()).split("/", -1);
        return rest.length == 3 && "update".equals(rest[1]) ? Optional.of(rest[0]) : Optional.empty();
    }
}
