package dev.fieldgate.jobs;

/**
 * What the gateway has on record for one job execution.
 *
 * @param jobId      the job
 * @param operation  the document's operation, or "" when the document was rejected before it was known
 * @param state      RUNNING while steps are under way; SUCCEEDED, FAILED or REJECTED once decided here;
 *                   ROLLED_BACK for a SUCCEEDED rollout a technician rolled back by hand
 * @param step       how far a RUNNING job got, in its operation's own numbering; survives restarts
 * @param version    the execution's versionNumber last seen: the next update's expectedVersion
 * @param detail     the reason of a FAILED or REJECTED job, or what a SUCCEEDED one did
 * @param startedAt  epoch ms
 * @param finishedAt epoch ms, 0 while running
 * @param reported   true once the service accepted the terminal update (or ended the execution itself)
 */
public record JobRecord(String jobId, String operation, String state, int step, long version, String detail,
                        long startedAt, long finishedAt, boolean reported) {

    /** @return true while the job's steps are under way */
    public boolean running() {
        return "RUNNING".equals(state);
    }
}
