package org.sregistry.batch.imports;

import jakarta.batch.api.BatchProperty;
import jakarta.batch.api.chunk.AbstractItemReader;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Reads the {@code *.sif} files of the job's {@code directory} in name order. The checkpoint is the
 * last name read, so a restart carries on after the files the committed chunks imported.
 */
@Dependent
@Named
public class SifFileReader extends AbstractItemReader {

    @Inject
    @BatchProperty
    String directory;

    private Iterator<Path> files;
    private String last;

    @Override
    public void open(Serializable checkpoint) {
        last = checkpoint instanceof ImportCheckpoint c ? c.lastFile() : null;
        Path dir = Path.of(directory);
        try (Stream<Path> listing = Files.list(dir)) {
            files = listing.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".sif"))
                    .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
                    .filter(p -> last == null || p.getFileName().toString().compareTo(last) > 0)
                    .toList().iterator();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the import directory " + dir, e);
        }
    }

    @Override
    public Object readItem() {
        if (!files.hasNext()) {
            return null;
        }
        Path next = files.next();
        last = next.getFileName().toString();
        return new SifCandidate(next);
    }

    @Override
    public Serializable checkpointInfo() {
        return new ImportCheckpoint(last);
    }
}
