package org.sregistry.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import java.util.Locale;
import org.sregistry.catalog.CatalogService;
import org.sregistry.catalog.PublicCatalog;
import org.sregistry.catalog.ContainerRow;
import org.sregistry.web.api.PublicUrl;

/** The home page: recent and popular images, and how to reach this registry from the command line. */
@Named
@RequestScoped
public class HomeBacking {

    @Inject
    PublicUrl publicUrl;

    @Inject
    Branding branding;

    @Inject
    CatalogService catalog;

    @Inject
    CurrentUser currentUser;

    @Inject
    PublicCatalog ranking;

    private List<ContainerRow> recent;
    private List<ContainerRow> popular;
    private List<PublicCatalog.StarredCollection> starred;

    static final int LISTED = 8;

    public List<ContainerRow> getRecent() {
        if (recent == null) {
            recent = catalog.recent(currentUser.caller(), LISTED);
        }
        return recent;
    }

    public List<ContainerRow> getPopular() {
        if (popular == null) {
            popular = catalog.popular(currentUser.caller(), LISTED);
        }
        return popular;
    }

    /** The collections with the most stars that the caller may see. */
    public List<PublicCatalog.StarredCollection> getStarred() {
        if (starred == null) {
            starred = ranking.mostStarred(currentUser.caller(), LISTED);
        }
        return starred;
    }

    public String getBaseUrl() {
        return publicUrl.base();
    }

    /** A remote name for {@code apptainer remote add}: the registry's name as a lower-case word. */
    public String getRemoteName() {
        String name = branding.getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return name.isEmpty() ? "registry" : name;
    }
}
