package org.sregistry.batch.mirror;

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
import org.sregistry.registry.RegistryException;

/**
 * Registers each mirrored image as {@code entity/collection/<container>:tag} by the rules of a push
 * (names, permissions, quota, dedup, SIF metadata, audit) as the job's {@code user}; a collection it
 * creates is private when the source's is. One image the
 * registry refuses (a quota, a file that is no SIF) is skipped with the reason; the others go on.
 */
@Dependent
@Named
public class MirrorImportWriter extends AbstractItemWriter {

    private static final System.Logger LOG = System.getLogger(MirrorImportWriter.class.getName());

    @Inject
    ImageImport imports;

    @Inject
    AccountService accounts;

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
        MirrorReport report = MirrorReports.of(step);
        for (Object item : items) {
            MirrorItem image = (MirrorItem) item;
            if (image.present()) {
                report = report.present();
                continue;
            }
            try {
                ImageImport.Imported imported = Races.retrying(() -> imports.register(caller, image.entity(), image.collection(),
                        image.source().container(), image.source().tag(), image.stored(), image.sourcePrivate()));
                report = imported.added() ? report.imported(imported.size()) : report.present();
            } catch (RegistryException e) { // register ran in a transaction of its own: only it rolled back
                LOG.log(System.Logger.Level.WARNING, "import-library skipped {0}: {1}", image.source(), e.getMessage());
                report = report.skipped(image.source() + ": " + e.getMessage());
            }
        }
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
    }
}
