package org.sregistry.web.console.admin;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.web.console.ConsoleMessages;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/collections.xhtml}: every collection, private ones included; privacy at one click. */
@Named("adminCollections")
@ViewScoped
public class CollectionsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CurrentUser user;

    @Inject
    CollectionService collections;

    @Inject
    ConsoleMessages messages;

    private String filter;
    private final PagedModel<ContainerCollection> model = new PagedModel<>(() -> collections.count(user.caller(), filter),
            (offset, limit) -> collections.list(user.caller(), filter, offset, limit), ContainerCollection::getId);

    public void setPrivate(String entity, String name, boolean makePrivate) {
        collections.update(user.caller(), entity, name, makePrivate, null);
        messages.info(makePrivate ? "admin.collections.madePrivate" : "admin.collections.madePublic", entity + "/" + name);
    }

    public PagedModel<ContainerCollection> getModel() {
        return model;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter;
    }
}
