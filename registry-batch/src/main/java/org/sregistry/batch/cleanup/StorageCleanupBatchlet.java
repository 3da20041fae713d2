package org.sregistry.batch.cleanup;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.api.BatchProperty;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.image.ImageService;
import org.sregistry.storage.BlobService;
import org.sregistry.upload.UploadService;

/**
 * Frees storage nothing uses any more: upload sessions past their expiry with their files, images
 * announced but never uploaded, and blobs no uploaded image uses. Nothing younger than
 * {@code registry.cleanup.protect} is touched, so a push in progress is never raced. With the job
 * parameter {@code dryRun=true} it only reports what it would free.
 */
@Dependent
@Named
public class StorageCleanupBatchlet extends AbstractBatchlet {

    private static final int BATCH = 500;

    @Inject
    UploadService uploads;

    @Inject
    ImageService images;

    @Inject
    BlobService blobs;

    @Inject
    @ConfigProperty(name = "registry.cleanup.protect")
    Duration protect;

    @Inject
    @BatchProperty
    String dryRun;

    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public String process() {
        boolean dry = Boolean.parseBoolean(dryRun);
        Instant now = Instant.now();
        Instant cutoff = now.minus(protect);
        int expiredUploads = dry ? uploads.expired(now, Integer.MAX_VALUE).size() : removeExpiredUploads(now);
        int abandonedImages = dry ? images.abandoned(cutoff, Integer.MAX_VALUE).size() : removeAbandonedImages(cutoff);
        int freedBlobs = 0;
        long freedBytes = 0;
        List<String> digests = new ArrayList<>();
        for (BlobService.Garbage garbage : blobs.garbage(cutoff)) {
            long bytes = dry ? garbage.bytes() : blobs.collect(garbage.digest(), cutoff);
            if (dry || bytes > 0) {
                freedBlobs++;
                freedBytes += bytes;
                if (digests.size() < CleanupReport.LISTED_MAX) {
                    digests.add(garbage.digest().hex());
                }
            }
        }
        var report = new CleanupReport(dry, expiredUploads, abandonedImages, freedBlobs, freedBytes, digests);
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
        return report.summary();
    }

    private int removeExpiredUploads(Instant now) {
        int removed = 0;
        List<String> expired;
        do {
            expired = uploads.expired(now, BATCH);
            expired.forEach(uploads::discard);
            removed += expired.size();
        } while (expired.size() == BATCH);
        return removed;
    }

    private int removeAbandonedImages(Instant cutoff) {
        int removed = 0;
        List<String> abandoned;
        do {
            abandoned = images.abandoned(cutoff, BATCH);
            abandoned.forEach(images::discardAbandoned);
            removed += abandoned.size();
        } while (abandoned.size() == BATCH);
        return removed;
    }
}
