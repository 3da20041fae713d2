package org.sregistry.batch.verify;

import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.ArrayDeque;
import java.util.Deque;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobService;

/** Reads every recorded blob in digest order, a page at a time; a restart resumes after the last one. */
@Dependent
@Named
public class BlobReader extends AbstractItemReader {

    static final int PAGE = 100;

    @Inject
    BlobService blobs;

    private final Deque<Digest> page = new ArrayDeque<>();
    private Digest last;

    @Override
    public void open(Serializable checkpoint) {
        last = checkpoint instanceof BlobCheckpoint c && c.lastDigest() != null ? new Digest(c.lastDigest()) : null;
    }

    @Override
    public Object readItem() {
        if (page.isEmpty()) {
            page.addAll(blobs.digestsAfter(last, PAGE));
        }
        Digest next = page.poll();
        if (next != null) {
            last = next;
        }
        return next;
    }

    @Override
    public Serializable checkpointInfo() {
        return new BlobCheckpoint(last == null ? null : last.hex());
    }
}
