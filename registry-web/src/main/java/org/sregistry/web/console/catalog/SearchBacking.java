package org.sregistry.web.console.catalog;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.sregistry.catalog.CatalogService;
import org.sregistry.catalog.SearchResults;
import org.sregistry.web.console.CurrentUser;

/** {@code search.xhtml?q=}: one search over entities, collections, containers, tags and labels. */
@Named
@RequestScoped
public class SearchBacking {

    @Inject
    CatalogService catalog;

    @Inject
    CurrentUser currentUser;

    private String q;
    private SearchResults results;

    /** Runs the search once per request (the view action), with this request's caller. */
    public void search() {
        results = catalog.search(currentUser.caller(), q);
    }

    public SearchResults getResults() {
        return results;
    }

    public String getQ() {
        return q;
    }

    public void setQ(String q) {
        this.q = q;
    }
}
