package org.sregistry.batch.imports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImportReportTest {

    @Test
    void countsAddedAndRetaggedImagesAndListsSkippedFiles() {
        ImportReport report = ImportReport.NONE.imported(true).imported(false).imported(true)
                .skipped("x.sif: not a SIF file: only 3 bytes long");

        assertThat(report.added()).isEqualTo(2);
        assertThat(report.retagged()).isEqualTo(1);
        assertThat(report.skipped()).containsExactly("x.sif: not a SIF file: only 3 bytes long");
        assertThat(report.summary()).isEqualTo("IMPORTED 2 images, 1 already there (re-tagged), 1 files skipped");
    }

    @Test
    void theListOfSkippedFilesStopsAtItsLimitButKeepsCounting() {
        ImportReport report = ImportReport.NONE;
        for (int i = 0; i < ImportReport.LISTED_MAX + 5; i++) {
            report = report.skipped("f" + i + ".sif: bad");
        }

        assertThat(report.skipped()).hasSize(ImportReport.LISTED_MAX);
        assertThat(report.skippedFiles()).isEqualTo(ImportReport.LISTED_MAX + 5);
        assertThat(report.summary()).endsWith(", " + (ImportReport.LISTED_MAX + 5) + " files skipped");
    }
}
