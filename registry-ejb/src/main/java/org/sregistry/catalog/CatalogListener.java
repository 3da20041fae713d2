package org.sregistry.catalog;

import jakarta.inject.Inject;
import jakarta.persistence.PostPersist;
import jakarta.persistence.PostRemove;
import jakarta.persistence.PostUpdate;

/**
 * The entity listener of everything an answer about the catalog is made of (images, their tags,
 * labels and SIF objects, containers, collections, their members, namespaces): each insert, update or
 * delete of one tells {@link CatalogChanges} that its transaction changes the catalog.
 */
public class CatalogListener {

    @Inject
    CatalogChanges changes;

    @PostPersist
    @PostUpdate
    @PostRemove
    void changed(Object entity) {
        changes.changing();
    }
}
