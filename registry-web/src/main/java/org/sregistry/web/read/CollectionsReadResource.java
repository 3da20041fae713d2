package org.sregistry.web.read;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.web.api.Envelope;

/**
 * {@code GET /api/collections}: the collections the caller may see, paged, filtered and sorted.
 * A collection's own addresses below ({@code /api/collections/{entity}/{collection}...}) belong to
 * {@link org.sregistry.web.admin.CollectionsAdminResource}, which also lists its containers.
 */
@Tag(name = "read", description = "The public read API: collections, containers and image metadata for scripts.")
@Path("api/collections")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CollectionsReadResource {

    @Inject
    PublicReads reads;

    @Context
    UriInfo uri;

    /** {@code ?q=&entity=&tag=&label=key[=value]&signed=&sort=name|updated|downloads|stars|containers|size&order=&offset=&limit=}. */
    @GET
    public Envelope<ReadJson.Page<ReadJson.CollectionItem>> list(@BeanParam ListParams params) {
        return Envelope.of(reads.collections(params, uri));
    }
}
