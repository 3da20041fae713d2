package org.sregistry.web.console.catalog;

import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import org.sregistry.catalog.CatalogService;
import org.sregistry.catalog.CollectionQuery;
import org.sregistry.web.console.CurrentUser;

/**
 * {@code collections.xhtml}: every collection the visitor may see, in a lazy table paged, sorted and
 * filtered by the database; optionally only an entity's, or those with a tag or a label
 * ({@code ?entity=}, {@code ?tag=}, {@code ?label=key=value}).
 */
@Named
@ViewScoped
public class CollectionsBacking implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    CatalogService catalog;

    @Inject
    CurrentUser currentUser;

    private String entity;
    private String tag;
    private String label;
    private CollectionsModel model;

    public CollectionsModel getModel() {
        if (model == null) {
            String[] keyValue = CollectionQuery.splitLabel(label);
            model = new CollectionsModel(catalog, currentUser, entity, tag, keyValue[0], keyValue[1]);
        }
        return model;
    }

    public boolean isFiltered() {
        return entity != null || tag != null || label != null;
    }

    public String getEntity() {
        return entity;
    }

    public void setEntity(String entity) {
        this.entity = entity;
    }

    public String getTag() {
        return tag;
    }

    public void setTag(String tag) {
        this.tag = tag;
    }

    public String getLabel() {
        return label;
    }

    public void setLabel(String label) {
        this.label = label;
    }
}
