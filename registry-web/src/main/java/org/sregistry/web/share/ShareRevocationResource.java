package org.sregistry.web.share;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.account.Caller;
import org.sregistry.share.ShareService;
import org.sregistry.web.api.Envelope;

/** Revokes a share link by id: it fails from the next request on. */
@Tag(name = "shares")
@Path("api/shares")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ShareRevocationResource {

    @Inject
    Caller caller;

    @Inject
    ShareService shares;

    @DELETE
    @Path("{id}")
    public Envelope<ShareJson> revoke(@PathParam("id") String id) {
        return Envelope.of(ShareJson.of(shares.revoke(caller, id), Instant.now()));
    }
}
