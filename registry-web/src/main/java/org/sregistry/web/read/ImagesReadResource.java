package org.sregistry.web.read;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.web.api.Envelope;

/**
 * {@code GET /api/images/{entity}/{collection}/{container}:{tag}} ({@code ?arch=} optional; the tag
 * may be {@code sha256.<hex>}): an uploaded image's size, digest, architecture, signature verdict,
 * SIF metadata and the address that downloads exactly its bytes.
 */
@Tag(name = "read")
@Path("api/images")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImagesReadResource {

    @Inject
    PublicReads reads;

    @Context
    UriInfo uri;

    @GET
    @Path("{ref: .+}")
    public Envelope<ReadJson.ImageMetadata> image(@PathParam("ref") String ref, @QueryParam("arch") String arch) {
        return Envelope.of(reads.image(ref, arch, uri));
    }
}
