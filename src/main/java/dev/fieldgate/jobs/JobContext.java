package dev.fieldgate.jobs;

/** What a running job may do besides its own work: record progress, and learn that it was canceled. */
interface JobContext {

    /**
     * Records {@code step} as finished (committed before it returns) and reports it IN_PROGRESS, which also
     * restarts the service's step timer.
     *
     * @param step        the operation's step number, increasing
     * @param description what the step did, for statusDetails
     * @throws JobCanceledException when the service canceled, removed or timed out the execution
     */
    void checkpoint(int step, String description);

    /** @throws JobCanceledException when the service canceled, removed or timed out the execution */
    void throwIfCanceled();
}
