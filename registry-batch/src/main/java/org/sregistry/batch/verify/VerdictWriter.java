package org.sregistry.batch.verify;

import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.sregistry.storage.BlobService;

/**
 * Records each verdict on its blob (a damaged blob makes the images using it refuse pulls; one that
 * verifies again is cleared) and keeps the run's report.
 */
@Dependent
@Named
public class VerdictWriter extends AbstractItemWriter {

    @Inject
    BlobService blobs;

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public void writeItems(List<Object> items) {
        List<Verdict> verdicts = items.stream().map(Verdict.class::cast).toList();
        verdicts.forEach(v -> blobs.recordVerification(v.digest(), v.problem()));
        VerifyReport report = (step.getPersistentUserData() instanceof VerifyReport r ? r : VerifyReport.NONE)
                .with(verdicts);
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
    }
}
