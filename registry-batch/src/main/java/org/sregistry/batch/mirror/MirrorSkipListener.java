package org.sregistry.batch.mirror;

import jakarta.batch.api.chunk.listener.SkipProcessListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Adds every skipped source image, with the reason, to the run's report. */
@Dependent
@Named
public class MirrorSkipListener implements SkipProcessListener {

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public void onSkipProcessItem(Object item, Exception e) {
        MirrorReport report = MirrorReports.of(step).skipped(e.getMessage());
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
    }
}
