package org.sregistry.batch.bundle;

import java.util.List;
import org.sregistry.bundle.BundleManifest;

/** One image of the bundle with the container it belongs to. */
public record BundleItem(String container, String containerDescription, BundleManifest.ImageEntry image) {

    @Override
    public String toString() {
        return container + "@sha256." + image.sha256();
    }

    /**
     * The same image, ready to register into {@code entity/collection}: its bytes stored (null: every
     * tag is there already), {@code tags} the ones still missing.
     */
    public record Ready(BundleItem item, String entity, String collection, BundleManifest.CollectionEntry source,
            org.sregistry.image.ImageImport.Stored stored, List<String> tags) {

        public boolean present() {
            return stored == null;
        }
    }
}
