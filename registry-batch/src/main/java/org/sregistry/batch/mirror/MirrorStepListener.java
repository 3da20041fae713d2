package org.sregistry.batch.mirror;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.listener.AbstractStepListener;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/**
 * Drops the run's source token once the step has done all its work; a run that failed keeps it,
 * so that a restart can use it (see {@link SourceTokens}). A run with nothing to mirror says so.
 */
@Dependent
@Named
public class MirrorStepListener extends AbstractStepListener {

    @Inject
    @BatchProperty
    String sourceTokenRef;

    @Inject
    SourceTokens tokens;

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public void afterStep() {
        if (step.getException() == null) {
            tokens.drop(sourceTokenRef);
            job.setExitStatus(MirrorReports.of(step).summary());
        }
    }
}
