package org.sregistry.catalog;

import java.time.Instant;
import java.util.List;

/**
 * A container in the public read API's list, with its figures aggregated in the page's one query.
 *
 * @param isPrivate whether its collection is private (listed only for callers who may see it)
 * @param images its uploaded images
 * @param sizeBytes the sum of their sizes
 * @param lastPush when its most recent image arrived, or null when it has none
 * @param signed whether one of its uploaded images has signatures that verified with keystore keys
 * @param tags its tag names, sorted, each once (a tag may exist for several architectures)
 */
public record ContainerListing(String entity, String collection, String name, String description, boolean isPrivate,
        long images, long sizeBytes, Instant lastPush, long downloads, boolean signed, List<String> tags,
        Instant updatedAt) {

    /** {@code entity/collection/container}. */
    public String path() {
        return entity + "/" + collection + "/" + name;
    }
}
