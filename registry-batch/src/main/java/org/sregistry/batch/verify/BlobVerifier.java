package org.sregistry.batch.verify;

import jakarta.batch.api.chunk.ItemProcessor;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.UncheckedIOException;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobStore;

/** Re-hashes a blob's stored bytes and compares them with the digest they are stored under. */
@Dependent
@Named
public class BlobVerifier implements ItemProcessor {

    @Inject
    BlobStore store;

    @Override
    public Verdict processItem(Object item) {
        Digest digest = (Digest) item;
        if (!store.exists(digest)) {
            return new Verdict(digest, "the file is missing");
        }
        try {
            Digest actual = store.hash(digest).digest();
            return new Verdict(digest, actual.equals(digest) ? null : "the content hashes to " + actual.hex());
        } catch (UncheckedIOException e) {
            return new Verdict(digest, "the file cannot be read: " + e.getCause().getMessage());
        }
    }
}
