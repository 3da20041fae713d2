package org.sregistry.catalog;

import java.time.Instant;

/**
 * A container (or one of its images) in a list: recent pushes, popular containers, search results.
 *
 * @param arch the image's architecture, or null when the row stands for the whole container
 * @param sizeBytes the image's size, or the container's latest image's size
 * @param pushedAt when the image arrived, or the container's last push
 */
public record ContainerRow(String entity, String collection, String container, String description, String arch,
        long sizeBytes, Instant pushedAt, long downloads) {

    /** {@code entity/collection/container}. */
    public String path() {
        return entity + "/" + collection + "/" + container;
    }
}
