package org.sregistry.batch.mirror;

import org.sregistry.image.ImageImport;

/**
 * A source image on its way in: {@code stored} holds its verified bytes in the blob store, or is
 * null when {@code container:tag} of the target already points at the same sha256;
 * {@code sourcePrivate} when its collection is private on the source.
 */
public record MirrorItem(SourceRef source, String entity, String collection, ImageImport.Stored stored,
        boolean sourcePrivate) {

    public boolean present() {
        return stored == null;
    }
}
