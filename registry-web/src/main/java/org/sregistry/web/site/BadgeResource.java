package org.sregistry.web.site;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.catalog.PublicCatalog;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.console.Branding;

/**
 * {@code GET /api/collections/{entity}/{collection}/badge.svg?show=pulls|images}: a README badge
 * "{registry name} | N pulls" (or "N images") for a public collection. A private or missing
 * collection is 404 whoever asks: a badge is made to be fetched by anyone.
 */
@Tag(name = "site")
@Path("api/collections/{entity}/{collection}/badge.svg")
@RequestScoped
public class BadgeResource {

    @Inject
    PublicCatalog catalog;

    @Inject
    Branding branding;

    @GET
    @Produces({"image/svg+xml", MediaType.APPLICATION_JSON})
    public Response badge(@PathParam("entity") String entity, @PathParam("collection") String collection,
            @QueryParam("show") String show) {
        boolean images = "images".equals(show);
        if (show != null && !images && !"pulls".equals(show)) {
            throw RegistryException.invalid("show must be pulls or images");
        }
        var figures = catalog.badge(entity, collection)
                .orElseThrow(() -> RegistryException.notFound("collection " + entity + "/" + collection + " not found"));
        long n = images ? figures.images() : figures.pulls();
        String value = Badges.compact(n) + " " + (images ? (n == 1 ? "image" : "images") : (n == 1 ? "pull" : "pulls"));
        return Response.ok(Badges.svg(branding.getName(), value), MediaType.valueOf("image/svg+xml;charset=UTF-8"))
                .header("Cache-Control", "public, max-age=300").build();
    }
}
