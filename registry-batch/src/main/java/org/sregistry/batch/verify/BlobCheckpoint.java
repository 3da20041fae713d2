package org.sregistry.batch.verify;

import java.io.Serializable;

/** Where storage-verify stands: blobs are read in digest order, so the last one read is enough. */
public record BlobCheckpoint(String lastDigest) implements Serializable {}
