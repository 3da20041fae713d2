package org.sregistry.web.share;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.account.Caller;
import org.sregistry.registry.RegistryException;
import org.sregistry.share.ShareService;
import org.sregistry.web.api.Envelope;
import org.sregistry.web.api.PublicUrl;

/** A container's share links, for its collection's owners and staff: make one (the URL is shown once), list them. */
@Tag(name = "shares", description = "Share links: temporary download links for one image that work without an account.")
@Path("api/collections/{entity}/{collection}/containers/{container}/shares")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SharesResource {

    @Inject
    Caller caller;

    @Inject
    ShareService shares;

    @Inject
    PublicUrl publicUrl;

    @Context
    UriInfo uri;

    /** {@code {"tag": "latest", "days": 7}} or {@code {"image": id, "days": n}}: 201 with the link's {@code url}. */
    @POST
    public Response create(@PathParam("entity") String entity, @PathParam("collection") String collection,
            @PathParam("container") String container, ShareJson.NewShare body) {
        if (body == null) {
            throw RegistryException.invalid("a JSON request body is required");
        }
        var issued = shares.create(caller, entity, collection, container, body.tag(), body.image(), body.days());
        String url = ShareLinks.url(publicUrl.base(uri), issued.secret());
        return Response.status(201).entity(Envelope.of(ShareJson.of(issued.link(), Instant.now(), url))).build();
    }

    @GET
    public Envelope<List<ShareJson>> list(@PathParam("entity") String entity, @PathParam("collection") String collection,
            @PathParam("container") String container) {
        Instant now = Instant.now();
        return Envelope.of(shares.list(caller, entity, collection, container).stream()
                .map(s -> ShareJson.of(s, now)).toList());
    }
}
