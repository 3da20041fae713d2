package org.sregistry.batch.imports;

import java.nio.file.Path;

/** A file that is a SIF, with the container name it will be imported as. */
public record ImportItem(Path path, String container) {}
