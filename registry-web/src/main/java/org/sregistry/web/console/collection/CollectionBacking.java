package org.sregistry.web.console.collection;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.ContainerService;
import org.sregistry.container.ContainerSummary;
import org.sregistry.registry.RegistryException;
import org.sregistry.star.StarService;
import org.sregistry.web.console.CurrentUser;

/** {@code collection.xhtml?entity=&collection=}: a collection's containers, its star, its pull commands. */
@Named
@ViewScoped
public class CollectionBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser currentUser;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    StarService stars;

    private String entity;
    private String collection;
    private transient ContainerCollection subject;
    private transient List<ContainerSummary> summaries;

    /** The page's view action: the 404 page when the collection is missing or invisible. */
    public void load() {
        if (blank(entity) || blank(collection)) {
            throw RegistryException.notFound("no collection named");
        }
        subject = collections.get(currentUser.caller(), entity, collection);
        summaries = containers.summaries(currentUser.caller(), entity, collection);
    }

    public void toggleStar() {
        stars.setStarred(currentUser.caller(), entity, collection, !isStarred());
        subject = null;
    }

    public ContainerCollection getSubject() {
        if (subject == null) {
            subject = collections.get(currentUser.caller(), entity, collection);
        }
        return subject;
    }

    public List<ContainerSummary> getContainers() {
        if (summaries == null) {
            summaries = containers.summaries(currentUser.caller(), entity, collection);
        }
        return summaries;
    }

    public boolean isStarred() {
        return stars.isStarred(currentUser.caller(), getSubject());
    }

    public long getStarCount() {
        return stars.count(getSubject());
    }

    public boolean isManager() {
        return Permissions.canManage(currentUser.caller(), getSubject());
    }

    public String getEntity() {
        return entity;
    }

    public void setEntity(String entity) {
        this.entity = entity;
    }

    public String getCollection() {
        return collection;
    }

    public void setCollection(String collection) {
        this.collection = collection;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
