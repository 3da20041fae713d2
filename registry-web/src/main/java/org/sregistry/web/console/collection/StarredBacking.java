package org.sregistry.web.console.collection;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.star.StarService;
import org.sregistry.web.console.CurrentUser;

/** {@code account/starred.xhtml}: the collections the user starred and still may see. */
@Named
@RequestScoped
public class StarredBacking {

    @Inject
    CurrentUser currentUser;

    @Inject
    StarService stars;

    private List<ContainerCollection> starred;

    public List<ContainerCollection> getCollections() {
        if (starred == null) {
            starred = stars.starredBy(currentUser.caller());
        }
        return starred;
    }
}
