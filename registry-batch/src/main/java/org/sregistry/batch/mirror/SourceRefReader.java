package org.sregistry.batch.mirror;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.batch.runtime.context.JobContext;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.Iterator;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads the source refs of an import-library run: the given {@code refs} (separated by commas or
 * white space), or every tag of every container of {@code sourceCollection} as the source lists
 * it. They are read in {@link SourceRef#key()} order and the checkpoint is the last key read, so a
 * restart carries on after the refs the committed chunks handled.
 */
@Dependent
@Named
public class SourceRefReader extends AbstractItemReader {

    @Inject
    @BatchProperty
    String source;

    @Inject
    @BatchProperty
    String sourceTokenRef;

    @Inject
    @BatchProperty
    String refs;

    @Inject
    @BatchProperty
    String sourceCollection;

    @Inject
    SourceTokens tokens;

    @Inject
    JobContext job;

    private Iterator<SourceRef> next;
    private String last;

    @Override
    public void open(Serializable checkpoint) throws SourceException {
        last = checkpoint instanceof MirrorCheckpoint c ? c.lastKey() : null;
        SortedSet<SourceRef> all = new TreeSet<>();
        try {
            if (refs != null && !refs.isBlank()) {
                for (String ref : refs.strip().split("[,\\s]+")) {
                    all.add(SourceRef.parse(ref));
                }
            } else {
                String[] names = sourceCollection.split("/");
                all.addAll(tokens.source(source, sourceTokenRef).collection(names[0], names[1]));
            }
        } catch (SourceException | RuntimeException e) {
            job.setExitStatus("FAILED: " + e.getMessage());
            throw e;
        }
        next = all.stream().filter(r -> last == null || r.key().compareTo(last) > 0).iterator();
    }

    @Override
    public Object readItem() {
        if (!next.hasNext()) {
            return null;
        }
        SourceRef ref = next.next();
        last = ref.key();
        return ref;
    }

    @Override
    public Serializable checkpointInfo() {
        return new MirrorCheckpoint(last);
    }
}
