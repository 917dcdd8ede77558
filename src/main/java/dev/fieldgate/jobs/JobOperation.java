package dev.fieldgate.jobs;

/**
 * One job type's steps. Implementations roll back what they changed before they throw, so that the agent only
 * reports; they call {@link JobContext#checkpoint} between steps, which is where a cancellation stops them.
 */
interface JobOperation {

    /**
     * Runs the job from the start.
     *
     * @return what was done, for the SUCCEEDED update's statusDetails
     * @throws JobFailedException   after rolling back, naming what failed and where
     * @throws JobCanceledException after rolling back, when the service ended the execution
     */
    String run(String jobId, JobDocument document, JobContext context);

    /**
     * Brings a job that was running when the gateway stopped to a clean end: never half-applied.
     *
     * @param step the last step recorded as finished
     * @return the reason to report the job FAILED with, after rolling back
     */
    String recover(String jobId, int step);

    /**
     * The service took the job's terminal update (or ended the execution): what was kept for a rollback may go.
     *
     * @param job what is on record, decided
     */
    default void reported(final JobRecord job) {
    }
}
