package org.sregistry.batch;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Direct access to the tables of Payara's batch job repository (JBatch: {@code
 * <prefix>EXECUTIONINSTANCEDATA} and {@code <prefix>STEPEXECUTIONINSTANCEDATA}, prefix
 * {@code JBATCH} by default) for the one thing the Jakarta Batch API cannot do: an execution that a
 * crashed JVM left STARTED cannot be stopped or abandoned through {@code JobOperator} (no thread runs
 * it, and the operator refuses to abandon what it believes runs), so its rows are set to FAILED here.
 * After that, {@code JobOperator.restart} accepts it and resumes from the last checkpoint.
 */
final class JobRepository {

    private static final String RUNNING = "('STARTING','STARTED','STOPPING')";

    private final DataSource dataSource;

    JobRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Marks execution {@code executionId} of job {@code job} FAILED with {@code exitStatus}, and its
     * unfinished steps too; false when this repository holds no such running execution.
     */
    boolean markFailed(long executionId, String job, String exitStatus, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            Optional<String> executions = table(c, "EXECUTIONINSTANCEDATA");
            Optional<String> instances = table(c, "JOBINSTANCEDATA");
            Optional<String> steps = table(c, "STEPEXECUTIONINSTANCEDATA");
            if (executions.isEmpty() || instances.isEmpty() || steps.isEmpty()) {
                return false;
            }
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                Timestamp end = Timestamp.from(now);
                int updated;
                try (PreparedStatement p = c.prepareStatement("UPDATE " + executions.get()
                        + " SET batchstatus = 'FAILED', exitstatus = ?, endtime = ?, updatetime = ?"
                        + " WHERE jobexecid = ? AND batchstatus IN " + RUNNING
                        + " AND jobinstanceid IN (SELECT jobinstanceid FROM " + instances.get() + " WHERE name = ?)")) {
                    p.setString(1, exitStatus);
                    p.setTimestamp(2, end);
                    p.setTimestamp(3, end);
                    p.setLong(4, executionId);
                    p.setString(5, job);
                    updated = p.executeUpdate();
                }
                if (updated == 1) {
                    try (PreparedStatement p = c.prepareStatement("UPDATE " + steps.get()
                            + " SET batchstatus = 'FAILED', exitstatus = ?, endtime = ?"
                            + " WHERE jobexecid = ? AND batchstatus IN " + RUNNING)) {
                        p.setString(1, exitStatus);
                        p.setTimestamp(2, end);
                        p.setLong(3, executionId);
                        p.executeUpdate();
                    }
                }
                c.commit();
                return updated == 1;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
    }

    /** The repository's table whose name ends with {@code suffix} (any prefix, any case), if any. */
    private static Optional<String> table(Connection c, String suffix) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String best = null;
        try (ResultSet tables = meta.getTables(c.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                String name = tables.getString("TABLE_NAME");
                String upper = name.toUpperCase(Locale.ROOT);
                if (upper.endsWith(suffix) && !(suffix.equals("EXECUTIONINSTANCEDATA") && upper.endsWith("STEP" + suffix))
                        && (best == null || upper.startsWith("JBATCH"))) {
                    best = name;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
