package org.sregistry.batch;

import jakarta.batch.operations.JobOperator;
import jakarta.batch.runtime.BatchRuntime;
import jakarta.batch.runtime.BatchStatus;
import jakarta.batch.runtime.JobExecution;
import jakarta.ejb.Schedule;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionManagement;
import jakarta.ejb.TransactionManagementType;
import java.util.Properties;

/**
 * The one caller of the batch runtime: starts jobs by name (job XML in this module's
 * {@code META-INF/batch-jobs}, so it resolves against this module's class loader) and on schedules.
 */
@Stateless
@TransactionManagement(TransactionManagementType.BEAN) // the batch runtime runs its own transactions
public class Jobs {

    private static final System.Logger LOG = System.getLogger(Jobs.class.getName());

    /** Jobs this module provides. */
    public enum Name {
        UPLOAD_CLEANUP("upload-cleanup");

        private final String xml;

        Name(String xml) {
            this.xml = xml;
        }

        public String xml() {
            return xml;
        }
    }

    /** A job run as reported to callers. */
    public record Run(long executionId, String job, BatchStatus status, String exitStatus) {}

    public long start(Name job, Properties parameters) {
        long id = operator().start(job.xml(), parameters == null ? new Properties() : parameters);
        LOG.log(System.Logger.Level.INFO, "started job {0} as execution {1}", job.xml(), id);
        return id;
    }

    public Run status(long executionId) {
        JobExecution execution = operator().getJobExecution(executionId);
        return new Run(executionId, execution.getJobName(), execution.getBatchStatus(), execution.getExitStatus());
    }

    /** Abandoned uploads are swept every hour. */
    @Schedule(hour = "*", minute = "17", persistent = false)
    void hourly() {
        start(Name.UPLOAD_CLEANUP, null);
    }

    private static JobOperator operator() {
        return BatchRuntime.getJobOperator();
    }
}
