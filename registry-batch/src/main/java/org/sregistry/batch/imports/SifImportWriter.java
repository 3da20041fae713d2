package org.sregistry.batch.imports;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemWriter;
import jakarta.batch.runtime.context.JobContext;
import jakarta.batch.runtime.context.StepContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.image.ImageImport;
import org.sregistry.registry.Races;
import org.sregistry.signature.SignaturePolicyRefusal;

/**
 * Imports each accepted file into {@code entity/collection/<container>:tag} as the job's
 * {@code user} (default: the administrator). The bytes are copied outside the chunk transaction;
 * the image and tag are written in it, together with the reader's checkpoint.
 */
@Dependent
@Named
public class SifImportWriter extends AbstractItemWriter {

    @Inject
    ImageImport imports;

    @Inject
    AccountService accounts;

    @Inject
    @BatchProperty
    String entity;

    @Inject
    @BatchProperty
    String collection;

    @Inject
    @BatchProperty
    String tag;

    @Inject
    @BatchProperty
    String user;


    @Inject
    StepContext step;

    @Inject
    JobContext job;

    @Override
    public void writeItems(List<Object> items) {
        Caller caller = accounts.jobCaller(user);
        ImportReport report = ImportReports.of(step);
        for (Object item : items) {
            ImportItem file = (ImportItem) item;
            ImageImport.Stored stored = imports.store(file.path());
            try {
                ImageImport.Imported imported = Races.retrying(() -> imports.register(caller, entity, collection, file.container(),
                        tag == null || tag.isBlank() ? "latest" : tag, stored));
                report = report.imported(imported.added());
            } catch (SignaturePolicyRefusal e) { // register ran in a transaction of its own: only it rolled back
                report = report.skipped(file.path().getFileName() + ": " + e.getMessage());
            }
        }
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
    }
}
