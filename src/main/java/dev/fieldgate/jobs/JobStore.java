package dev.fieldgate.jobs;

import dev.fieldgate.util.H2Files;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Job progress in H2 ({@code data/jobs/jobs.mv.db}): what lets a restart resume or roll back a job instead of
 * running a finished step again, and lets a result that could not be reported go out after the next connect.
 * Every change is committed before the method returns (H2Files' WRITE_DELAY=0 keeps it across kill -9).
 */
final class JobStore implements AutoCloseable {

    private static final String SCHEMA = "CREATE TABLE IF NOT EXISTS job (job_id VARCHAR(64) PRIMARY KEY, "
            + "operation VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL, step INT NOT NULL, version BIGINT NOT NULL, "
            + "detail VARCHAR(1024) NOT NULL, started_at BIGINT NOT NULL, finished_at BIGINT NOT NULL, "
            + "reported BOOLEAN NOT NULL)";

    private final Connection connection;

    JobStore(final Path dir) {
        this.connection = H2Files.open(dir, "jobs", SCHEMA);
    }

    /**
     * Records a job as RUNNING at step 0, unless it is on record already.
     *
     * @return empty when recorded now, else what is on record (run nothing again)
     */
    synchronized Optional<JobRecord> begin(final String jobId, final String operation, final long version) {
        final Optional<JobRecord> existing = find(jobId);
        if (existing.isPresent()) {
            return existing;
        }
        exec("INSERT INTO job VALUES (?, ?, 'RUNNING', 0, ?, '', ?, 0, FALSE)", jobId, operation, version,
                System.currentTimeMillis());
        return Optional.empty();
    }

    /** Notes that a RUNNING job finished {@code step}. */
    synchronized void step(final String jobId, final int step) {
        exec("UPDATE job SET step = ? WHERE job_id = ?", step, jobId);
    }

    /** Notes the execution's version from the service's latest answer. */
    synchronized void version(final String jobId, final long version) {
        exec("UPDATE job SET version = ? WHERE job_id = ?", version, jobId);
    }

    /** Records the local result: SUCCEEDED, FAILED or REJECTED, with its reason; not reported yet. */
    synchronized void finish(final String jobId, final String state, final String detail) {
        exec("UPDATE job SET state = ?, detail = ?, finished_at = ?, reported = FALSE WHERE job_id = ?", state,
                detail.length() > 1024 ? detail.substring(0, 1024) : detail, System.currentTimeMillis(), jobId);
    }

    /** Notes that a technician rolled a SUCCEEDED rollout back by hand: state ROLLED_BACK, the detail says so. */
    synchronized void rolledBack(final String jobId, final String detail) {
        exec("UPDATE job SET state = 'ROLLED_BACK', detail = ? WHERE job_id = ?",
                detail.length() > 1024 ? detail.substring(0, 1024) : detail, jobId);
    }

    /** Notes that the terminal update was accepted, or that the service ended the execution itself. */
    synchronized void reported(final String jobId) {
        exec("UPDATE job SET reported = TRUE WHERE job_id = ?", jobId);
    }

    /** @return what is on record for the job */
    synchronized Optional<JobRecord> find(final String jobId) {
        final List<JobRecord> r = query("SELECT * FROM job WHERE job_id = ?", jobId);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    /** @return jobs that were RUNNING when the gateway stopped, oldest first */
    synchronized List<JobRecord> interrupted() {
        return query("SELECT * FROM job WHERE state = 'RUNNING' ORDER BY started_at");
    }

    /** @return decided jobs whose terminal update the service has not accepted yet, oldest first */
    synchronized List<JobRecord> unreported() {
        return query("SELECT * FROM job WHERE state <> 'RUNNING' AND reported = FALSE ORDER BY started_at");
    }

    /** @return the latest job of this operation */
    synchronized Optional<JobRecord> last(final String operation) {
        final List<JobRecord> r = query("SELECT * FROM job WHERE operation = ? ORDER BY started_at DESC, job_id DESC "
                + "LIMIT 1", operation);
        return r.isEmpty() ? Optional.empty() : Optional.of(r.get(0));
    }

    private void exec(final String sql, final Object... args) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        } catch (final SQLException e) {
            throw new IllegalStateException("job store: " + e.getMessage(), e);
        }
    }

    private List<JobRecord> query(final String sql, final Object... args) {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            final List<JobRecord> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new JobRecord(rs.getString("job_id"), rs.getString("operation"), rs.getString("state"),
                            rs.getInt("step"), rs.getLong("version"), rs.getString("detail"),
                            rs.getLong("started_at"), rs.getLong("finished_at"), rs.getBoolean("reported")));
                }
            }
            return out;
        } catch (final SQLException e) {
            throw new IllegalStateException("job store: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (final SQLException e) {
            // best effort: everything was committed
        }
    }
}
