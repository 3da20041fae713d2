package org.sregistry.batch.cleanup;

import java.io.Serializable;
import java.util.List;

/**
 * What one storage-cleanup run freed (or, in a dry run, would free): the step's persistent data,
 * shown by the admin API, with {@link #summary()} as the job's exit status.
 *
 * @param blobDigests the first {@link #LISTED_MAX} blobs freed, by sha256
 */
public record CleanupReport(boolean dryRun, int expiredUploads, int abandonedImages, int blobs, long bytes,
        List<String> blobDigests) implements Serializable {

    public static final int LISTED_MAX = 100;

    public CleanupReport {
        blobDigests = List.copyOf(blobDigests);
    }

    public String summary() {
        return (dryRun ? "DRY RUN: would free " : "FREED ") + blobs + " blobs (" + bytes + " bytes), "
                + expiredUploads + " expired uploads, " + abandonedImages + " abandoned images";
    }
}
