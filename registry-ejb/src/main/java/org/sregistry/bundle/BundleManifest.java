package org.sregistry.bundle;

import jakarta.json.bind.annotation.JsonbProperty;
import java.time.Instant;
import java.util.List;

/**
 * The {@code manifest.json} of a collection bundle: where and when it was made, the collection with
 * its containers, and per image its sha256 (the bundle entry {@code images/<sha256>.sif}), size,
 * architecture and the tags pointing at it.
 */
public record BundleManifest(int formatVersion, String sourceUrl, String sourceName, Instant exportedAt,
        CollectionEntry collection) {

    public static final int FORMAT_VERSION = 1;
    public static final String MANIFEST = "manifest.json";

    public record CollectionEntry(String entity, String name, String description,
            @JsonbProperty("private") boolean privateCollection,
            List<ContainerEntry> containers) {}

    public record ContainerEntry(String name, String description, List<ImageEntry> images) {}

    public record ImageEntry(String sha256, long size, String arch, List<String> tags) {

        /** The bundle entry holding this image's bytes. */
        public String entry() {
            return entryOf(sha256);
        }
    }

    public static String entryOf(String sha256) {
        return "images/" + sha256 + ".sif";
    }
}
