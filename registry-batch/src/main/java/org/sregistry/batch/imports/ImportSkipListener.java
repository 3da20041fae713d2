package org.sregistry.batch.imports;

import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Adds every skipped file, with the reason, to the run's report. */
@Dependent
@Named
public class ImportSkipListener implements SkipProcessListener {

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public void onSkipProcessItem(Object item, Exception e) {
        ImportReport report = ImportReports.of(step).skipped(e.getMessage());
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
    }
}
