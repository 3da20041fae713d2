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

/** {@code GET /api/containers}: the containers the caller may see across collections, paged, filtered and sorted. */
@Tag(name = "read")
@Path("api/containers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContainersReadResource {

    @Inject
    PublicReads reads;

    @Context
    UriInfo uri;

    /** {@code ?q=&entity=&collection=&tag=&label=key[=value]&signed=&sort=name|updated|downloads|size&order=&offset=&limit=}. */
    @GET
    public Envelope<ReadJson.Page<ReadJson.ContainerItem>> list(@BeanParam ListParams params) {
        return Envelope.of(reads.containers(params, uri));
    }
}
