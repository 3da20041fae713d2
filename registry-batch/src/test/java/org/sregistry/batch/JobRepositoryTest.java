package org.sregistry.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Marking crashed executions FAILED, on the tables of Payara's job repository (its MySQL DDL, JBATCH prefix). */
class JobRepositoryTest {

    private JdbcDataSource dataSource;

    @BeforeEach
    void repository() throws SQLException, IOException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:jobs" + System.nanoTime() + ";MODE=MySQL;DB_CLOSE_DELAY=-1");
        String ddl;
        try (InputStream in = getClass().getResourceAsStream("/jbatch-repository.ddl")) {
            ddl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (String statement : ddl.split(";")) {
                if (!statement.isBlank()) {
                    s.execute(statement);
                }
            }
            s.execute("INSERT INTO JBATCHJOBINSTANCEDATA (jobinstanceid, name, apptag) VALUES (1, 'import-directory', 'server-config:registry')");
            s.execute("INSERT INTO JBATCHJOBINSTANCEDATA (jobinstanceid, name, apptag) VALUES (2, 'storage-verify', 'server-config:registry')");
            s.execute("INSERT INTO JBATCHEXECUTIONINSTANCEDATA (jobexecid, jobinstanceid, batchstatus, exitstatus) VALUES (10, 1, 'STARTED', NULL)");
            s.execute("INSERT INTO JBATCHEXECUTIONINSTANCEDATA (jobexecid, jobinstanceid, batchstatus, exitstatus) VALUES (11, 2, 'COMPLETED', 'VERIFIED 3 blobs, 0 damaged')");
            s.execute("INSERT INTO JBATCHSTEPEXECUTIONINSTANCEDATA (stepexecid, jobexecid, batchstatus, stepname) VALUES (100, 10, 'STARTED', 'import')");
            s.execute("INSERT INTO JBATCHSTEPEXECUTIONINSTANCEDATA (stepexecid, jobexecid, batchstatus, exitstatus, stepname) VALUES (101, 11, 'COMPLETED', 'COMPLETED', 'verify')");
        }
    }

    @Test
    void aRunningExecutionAndItsRunningStepBecomeFailedWithTheExitStatus() throws SQLException {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");

        boolean marked = new JobRepository(dataSource).markFailed(10, "import-directory", "FAILED: crashed", now);

        assertThat(marked).isTrue();
        assertThat(row("SELECT batchstatus, exitstatus, endtime FROM JBATCHEXECUTIONINSTANCEDATA WHERE jobexecid = 10"))
                .isEqualTo("FAILED|FAILED: crashed|" + java.sql.Timestamp.from(now));
        assertThat(row("SELECT batchstatus, exitstatus FROM JBATCHSTEPEXECUTIONINSTANCEDATA WHERE stepexecid = 100"))
                .isEqualTo("FAILED|FAILED: crashed");
    }

    @Test
    void finishedExecutionsOtherJobsAndUnknownIdsAreLeftAlone() throws SQLException {
        JobRepository repository = new JobRepository(dataSource);

        assertThat(repository.markFailed(11, "storage-verify", "FAILED: crashed", Instant.now())).isFalse();
        assertThat(repository.markFailed(10, "storage-verify", "FAILED: crashed", Instant.now())).isFalse();
        assertThat(repository.markFailed(99, "import-directory", "FAILED: crashed", Instant.now())).isFalse();

        assertThat(row("SELECT batchstatus, exitstatus FROM JBATCHEXECUTIONINSTANCEDATA WHERE jobexecid = 11"))
                .isEqualTo("COMPLETED|VERIFIED 3 blobs, 0 damaged");
        assertThat(row("SELECT batchstatus, exitstatus FROM JBATCHEXECUTIONINSTANCEDATA WHERE jobexecid = 10"))
                .isEqualTo("STARTED|null");
        assertThat(row("SELECT batchstatus FROM JBATCHSTEPEXECUTIONINSTANCEDATA WHERE stepexecid = 101"))
                .isEqualTo("COMPLETED");
    }

    @Test
    void aDatabaseWithoutJobTablesHoldsNothingToMark() throws SQLException {
        JdbcDataSource empty = new JdbcDataSource();
        empty.setURL("jdbc:h2:mem:empty" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");

        assertThat(new JobRepository(empty).markFailed(10, "import-directory", "x", Instant.now())).isFalse();
    }

    private String row(String sql) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            assertThat(r.next()).isTrue();
            StringBuilder out = new StringBuilder();
            for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
                out.append(i > 1 ? "|" : "").append(r.getString(i) == null ? "null" : r.getObject(i).toString());
            }
            return out.toString();
        }
    }
}
