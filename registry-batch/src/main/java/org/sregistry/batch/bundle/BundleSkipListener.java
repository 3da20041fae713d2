package org.sregistry.batch.bundle;

import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Adds every skipped image, with the reason, to the run's report. */
@Dependent
@Named
public class BundleSkipListener implements SkipProcessListener {

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public void onSkipProcessItem(Object item, Exception e) {
        BundleReport report = BundleReport.of(step).skipped(e.getMessage());
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
    }
}
