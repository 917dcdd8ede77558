package dev.fieldgate.jobs;

/**
 * The rollback a failed rollout does, asked for by a technician after a rollout that SUCCEEDED: the backed-up files
 * of the last rollout go back. It runs on the jobs thread, between jobs, so it never mixes with a rollout's steps.
 */
final class ManualRollback {

    private final JobAgent agent;
    private final JobStore store;
    private final AdapterRollout rollout;

    ManualRollback(final JobAgent agent, final JobStore store, final AdapterRollout rollout) {
        this.agent = agent;
        this.store = store;
        this.rollout = rollout;
    }

    /**
     * @return what was restored
     * @throws IllegalStateException when there is no rollout, its files are back already, or a job runs
     */
    String run() {
        return agent.exclusive(() -> {
            final JobRecord last = store.last(AdapterRolloutDocument.OPERATION)
                    .orElseThrow(() -> new IllegalStateException("no adapter rollout yet"));
            if (!"SUCCEEDED".equals(last.state())) {
                throw new IllegalStateException("the last rollout (" + last.jobId() + ") is " + last.state()
                        + ": its previous files are back already");
            }
            try {
                final String done = "restored " + String.join(", ", rollout.restore(last.jobId()))
                        + " as before job " + last.jobId();
                store.rolledBack(last.jobId(), last.detail() + "; rolled back by hand: " + done);
                return done;
            } catch (final JobFailedException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
        });
    }
}
