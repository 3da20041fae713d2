package org.sregistry.batch.mirror;

/** A source image that cannot be mirrored (missing, refused, bytes not as declared); skipped and reported. */
public class UnmirrorableImageException extends Exception {

    public UnmirrorableImageException(SourceRef ref, String reason) {
        super(ref + ": " + reason);
    }
}
