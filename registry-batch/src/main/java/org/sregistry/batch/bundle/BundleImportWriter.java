package org.sregistry.batch.bundle;

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
 * Registers each stored image under every tag still missing, by the rules of a push (names,
 * permissions, quota, dedup, SIF metadata, audit) as the job's {@code user}; a collection it creates
 * is private when the exported one was, and collection and container get the bundle's descriptions
 * when they have none. One image the registry refuses is skipped with the reason; the others go on.
 */
@Dependent
@Named
public class BundleImportWriter extends AbstractItemWriter {

    private static final System.Logger LOG = System.getLogger(BundleImportWriter.class.getName());

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
        BundleReport report = BundleReport.of(step);
        for (Object item : items) {
            BundleItem.Ready image = (BundleItem.Ready) item;
            if (image.present()) {
                report = report.present();
                continue;
            }
            try {
                boolean added = false;
                for (String tag : image.tags()) {
                    ImageImport.Imported imported = Races.retrying(() -> imports.register(caller, image.entity(), image.collection(),
                            image.item().container(), tag, image.stored(), image.source().privateCollection()));
                    added |= imported.added();
                }
                imports.describe(caller, image.entity(), image.collection(), image.item().container(),
                        image.source().description(), image.item().containerDescription());
                report = report.imported(added, image.stored().size(), image.tags().size());
            } catch (RegistryException e) { // register ran in a transaction of its own: only it rolled back
                LOG.log(System.Logger.Level.WARNING, "import-bundle skipped {0}: {1}", image.item(), e.getMessage());
                report = report.skipped(image.item() + ": " + e.getMessage());
            }
        }
        step.setPersistentUserData(report);
        job.setExitStatus(report.summary());
    }
}
