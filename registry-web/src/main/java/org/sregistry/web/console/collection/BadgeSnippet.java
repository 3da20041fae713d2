package org.sregistry.web.console.collection;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.sregistry.web.api.PublicUrl;

/** The Markdown a README needs to show a public collection's badge, linked to its console page. */
@Named
@RequestScoped
public class BadgeSnippet {

    @Inject
    PublicUrl publicUrl;

    public String url(String entity, String collection) {
        return publicUrl.base() + "/api/collections/" + entity + "/" + collection + "/badge.svg";
    }

    public String markdown(String entity, String collection) {
        String base = publicUrl.base();
        return "[![" + entity + "/" + collection + "](" + url(entity, collection) + ")](" + base
                + "/console/collection.xhtml?entity=" + entity + "&collection=" + collection + ")";
    }
}
