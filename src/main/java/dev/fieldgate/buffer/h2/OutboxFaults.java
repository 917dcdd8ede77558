package dev.fieldgate.buffer.h2;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Where the tests inject failures into the outbox writer: out of memory in a commit, an I/O error, the
 * store closed under it, a file that cannot be reopened. The gateway uses {@link #NONE}.
 */
interface OutboxFaults {

    /** Runs inside each commit's transaction, before it is committed. */
    void beforeCommit(Connection write) throws SQLException;

    /** Runs before each attempt to reopen the file after a failure. */
    void beforeReopen() throws SQLException;

    /** No faults. */
    OutboxFaults NONE = new OutboxFaults() {
        @Override
        public void beforeCommit(final Connection write) {
        }

        @Override
        public void beforeReopen() {
        }
    };
}
