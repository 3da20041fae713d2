package org.sregistry.batch.mirror;

import jakarta.batch.runtime.context.StepContext;

/** The report the step has so far (none on its first chunk). */
final class MirrorReports {

    private MirrorReports() {}

    static MirrorReport of(StepContext step) {
        return step.getPersistentUserData() instanceof MirrorReport r ? r : MirrorReport.NONE;
    }
}
