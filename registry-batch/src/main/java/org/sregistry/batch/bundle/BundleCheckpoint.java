package org.sregistry.batch.bundle;

import java.io.Serializable;

/** Where import-bundle stands: the manifest's images are read in order, so the next index is enough. */
public record BundleCheckpoint(int next) implements Serializable {}
