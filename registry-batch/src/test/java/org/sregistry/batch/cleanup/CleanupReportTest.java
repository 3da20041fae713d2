package org.sregistry.batch.cleanup;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupReportTest {

    @Test
    void aDryRunSaysWhatItWouldFree() {
        var report = new CleanupReport(true, 2, 1, 3, 4096, List.of("ab"));

        assertThat(report.summary()).isEqualTo("DRY RUN: would free 3 blobs (4096 bytes), 2 expired uploads, 1 abandoned images");
    }

    @Test
    void aRealRunSaysWhatItFreed() {
        var report = new CleanupReport(false, 0, 0, 1, 10, List.of("ab"));

        assertThat(report.summary()).isEqualTo("FREED 1 blobs (10 bytes), 0 expired uploads, 0 abandoned images");
    }

    @Test
    void theDigestListIsACopy() {
        List<String> digests = new ArrayList<>(List.of("ab"));
        var report = new CleanupReport(false, 0, 0, 1, 10, digests);
        digests.add("cd");

        assertThat(report.blobDigests()).containsExactly("ab");
    }
}
