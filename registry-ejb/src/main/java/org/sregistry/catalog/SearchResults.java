package org.sregistry.catalog;

import java.util.List;

/** What one search box finds, by kind; every list holds only what the caller may see. */
public record SearchResults(List<EntityHit> entities, List<CollectionRow> collections, List<ContainerRow> containers,
        List<TagHit> tags, List<LabelHit> labels) {

    /** An entity and how many of its collections the caller may see. */
    public record EntityHit(String name, long collections) {}

    /** A tag name and how many visible containers carry it. */
    public record TagHit(String name, long containers) {}

    /** A label of visible images and how many images carry it. */
    public record LabelHit(String key, String value, long images) {}

    public boolean isEmpty() {
        return entities.isEmpty() && collections.isEmpty() && containers.isEmpty() && tags.isEmpty() && labels.isEmpty();
    }
}
