package org.sregistry.batch.bundle;

/** An image of the bundle that cannot be imported (missing entry, bytes not as the manifest says); skipped and reported. */
public class UnimportableImageException extends Exception {

    public UnimportableImageException(BundleItem item, String reason) {
        super(item + ": " + reason);
    }
}
