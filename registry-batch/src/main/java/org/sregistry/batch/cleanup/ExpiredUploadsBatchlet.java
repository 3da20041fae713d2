package org.sregistry.batch.cleanup;

import jakarta.batch.api.AbstractBatchlet;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Instant;
import java.util.List;
import org.sregistry.upload.UploadService;

/**
 * Removes upload sessions that expired before they completed, with their bytes in the upload area:
 * an aborted or abandoned push leaves nothing behind.
 */
@Dependent
@Named
public class ExpiredUploadsBatchlet extends AbstractBatchlet {

    private static final int BATCH = 500;

    @Inject
    UploadService uploads;

    @Inject
    StepContext step;

    @Override
    public String process() {
        int removed = 0;
        List<String> expired;
        do {
            expired = uploads.expired(Instant.now(), BATCH);
            expired.forEach(uploads::discard);
            removed += expired.size();
        } while (expired.size() == BATCH);
        step.setPersistentUserData(removed);
        return "REMOVED " + removed;
    }
}
