package org.sregistry.batch.imports;

import jakarta.batch.runtime.context.StepContext;

/** The report the step has so far (none on its first chunk). */
final class ImportReports {

    private ImportReports() {}

    static ImportReport of(StepContext step) {
        return step.getPersistentUserData() instanceof ImportReport r ? r : ImportReport.NONE;
    }
}
