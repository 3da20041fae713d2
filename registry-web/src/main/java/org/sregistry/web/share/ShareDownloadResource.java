package org.sregistry.web.share;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.share.ShareService;
import org.sregistry.web.library.BlobResponses;

/**
 * {@code GET /share/{secret}}: the bytes of the image a share link names, to anyone holding the link,
 * whole or one range, as a pull with {@code REGISTRY_DOWNLOAD_REDIRECT=false} sends them. Every
 * request that is answered with bytes counts as one anonymous pull and one download through the link;
 * a {@code HEAD} counts nothing.
 */
@Tag(name = "shares")
@Path(ShareLinks.PATH)
@RequestScoped
public class ShareDownloadResource {

    @Inject
    ShareService shares;

    @Inject
    BlobResponses blobs;

    /** Whether the link works and what it would send, counting nothing (link previews ask this way). */
    @HEAD
    @Path("{secret}")
    public Response check(@PathParam("secret") String secret) {
        var image = shares.peek(secret);
        return Response.ok().type(MediaType.APPLICATION_OCTET_STREAM_TYPE).header("Content-Length", image.size())
                .header("Accept-Ranges", "bytes").header("Cache-Control", "private, no-store")
                .header("X-Robots-Tag", "noindex").build();
    }

    @GET
    @Path("{secret}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response download(@PathParam("secret") String secret, @HeaderParam("Range") String range) {
        Response bytes = blobs.serve(shares.open(secret).digest(), range);
        // the address is the credential: no cache keeps the answer, no search engine lists it
        return Response.fromResponse(bytes).header("Cache-Control", "private, no-store")
                .header("X-Robots-Tag", "noindex").build();
    }
}
