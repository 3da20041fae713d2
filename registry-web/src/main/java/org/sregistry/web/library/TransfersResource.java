package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.sregistry.registry.Digest;
import org.sregistry.upload.UploadReceiver;

/**
 * The signed transfer URLs: upload bodies (whole or per part, answered 200 with an ETag) and
 * ranged blob downloads. They need no Authorization header: the signature in the URL authorizes.
 */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TransfersResource {

    @Inject
    Transfers transfers;

    @Inject
    UploadReceiver receiver;

    @Inject
    BlobResponses blobs;

    @PUT
    @Path("v2/uploads/{session}")
    public Response upload(@PathParam("session") String session, @QueryParam("expires") String expires,
            @QueryParam("signature") String signature, @HeaderParam("x-amz-content-sha256") String sha256,
            InputStream body) {
        transfers.verify("v2/uploads/" + session, expires, signature);
        return Response.ok().header(HttpHeaders.ETAG, receiver.receiveSingle(session, body, sha256)).build();
    }

    /** One part; sending it again replaces it (idempotent). */
    @PUT
    @Path("v2/uploads/{session}/parts/{part}")
    public Response part(@PathParam("session") String session, @PathParam("part") int part,
            @QueryParam("expires") String expires, @QueryParam("signature") String signature,
            @HeaderParam("x-amz-content-sha256") String sha256, InputStream body) {
        transfers.verify("v2/uploads/" + session + "/parts/" + part, expires, signature);
        return Response.ok().header(HttpHeaders.ETAG, receiver.receivePart(session, part, body, sha256)).build();
    }

    @GET
    @Path("v1/blobs/{digest}")
    @Produces({MediaType.APPLICATION_OCTET_STREAM, MediaType.APPLICATION_JSON})
    public Response blob(@PathParam("digest") String digest, @QueryParam("expires") String expires,
            @QueryParam("signature") String signature, @HeaderParam("Range") String range) {
        transfers.verify("v1/blobs/" + digest, expires, signature);
        return blobs.serve(Digest.parse(digest), range);
    }
}
