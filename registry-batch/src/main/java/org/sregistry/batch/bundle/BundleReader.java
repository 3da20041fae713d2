package org.sregistry.batch.bundle;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.sregistry.bundle.BundleManifest;

/**
 * Reads the images of the bundle's manifest, container by container; the checkpoint is the index
 * of the next one, so a restart carries on after the images the committed chunks imported.
 */
@Dependent
@Named
public class BundleReader extends AbstractItemReader {

    @Inject
    @BatchProperty
    String bundle;

    private List<BundleItem> items;
    private int next;

    @Override
    public void open(Serializable checkpoint) {
        next = checkpoint instanceof BundleCheckpoint c ? c.next() : 0;
        BundleManifest manifest = BundleFile.manifest(Path.of(bundle));
        items = new ArrayList<>();
        for (BundleManifest.ContainerEntry container : manifest.collection().containers()) {
            for (BundleManifest.ImageEntry image : container.images()) {
                items.add(new BundleItem(container.name(), container.description(), image));
            }
        }
    }

    @Override
    public Object readItem() {
        return next < items.size() ? items.get(next++) : null;
    }

    @Override
    public Serializable checkpointInfo() {
        return new BundleCheckpoint(next);
    }
}
