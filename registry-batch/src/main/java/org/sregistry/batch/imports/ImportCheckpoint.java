package org.sregistry.batch.imports;

import java.io.Serializable;

/** Where import-directory stands: files are read in name order, so the last name read is enough. */
public record ImportCheckpoint(String lastFile) implements Serializable {}
