package org.sregistry.catalog;

import java.time.Instant;

/**
 * One collection as the browse table shows it, with its figures aggregated in the same query.
 *
 * @param images uploaded images in the collection
 * @param sizeBytes the sum of its uploaded images' sizes
 * @param lastPush when its most recent image arrived, or null when it has none
 * @param downloads pulls of its containers
 * @param stars accounts that starred it
 */
public record CollectionRow(String id, String entity, String name, String description, boolean isPrivate,
        long containers, long images, long sizeBytes, Instant lastPush, long downloads, long stars) {

    /** {@code entity/collection}. */
    public String path() {
        return entity + "/" + name;
    }
}
