package org.sregistry.batch.mirror;

import java.io.Serializable;

/** Where import-library stands: refs are read in {@link SourceRef#key()} order, so the last key read is enough. */
public record MirrorCheckpoint(String lastKey) implements Serializable {}
