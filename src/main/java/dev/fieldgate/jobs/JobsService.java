package dev.fieldgate.jobs;

import java.util.Optional;

/** Fleet jobs as the web page sees them: the last adapter rollout, and its rollback by hand. Thread-safe. */
public interface JobsService {

    /** @return the latest {@code fieldgate.adapters} job and its result; empty when jobs are off or none ran */
    Optional<JobRecord> lastRollout();

    /**
     * Puts back the adapter files the last rollout replaced, as a failed rollout would, and reloads their adapters.
     *
     * @return what was restored
     * @throws IllegalStateException when jobs are off, a job runs now, or there is no rollout to roll back
     */
    String rollBackLastRollout();
}
