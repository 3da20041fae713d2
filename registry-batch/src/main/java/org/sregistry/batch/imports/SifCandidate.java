package org.sregistry.batch.imports;

import java.nio.file.Path;

/** A candidate file the reader found: {@code *.sif} in the import directory. */
public record SifCandidate(Path path) {

    public String name() {
        return path.getFileName().toString();
    }
}
