package org.sregistry.batch.downloads;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.LinkedHashMap;
import org.sregistry.download.DownloadService;

/**
 * Starts a new week for the weekly pull limits: every container's and collection's count of the
 * week goes back to 0 (all-time counts stay). Scheduled on Mondays 00:00 UTC; staff may run it at
 * any time to lift every exhausted limit at once.
 */
@Dependent
@Named
public class LimitsResetBatchlet extends AbstractBatchlet {

    @Inject
    DownloadService downloads;

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public String process() {
        int[] reset = downloads.resetWeek();
        LinkedHashMap<String, Integer> report = new LinkedHashMap<>();
        report.put("containers", reset[0]);
        report.put("collections", reset[1]);
        step.setPersistentUserData(report);
        String summary = "RESET " + reset[0] + " containers, " + reset[1] + " collections";
        job.setExitStatus(summary);
        return summary;
    }
}
