package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.account.Caller;
import org.sregistry.image.ImageService;
import org.sregistry.registry.ImageRef;
import org.sregistry.registry.RegistryException;
import org.sregistry.upload.UploadReceiver;
import org.sregistry.upload.UploadService;
import org.sregistry.web.api.Envelope;
import org.sregistry.web.api.PublicUrl;

/**
 * Image bytes through the library API: pulls ({@code GET v1/imagefile/<ref>}), the legacy one-shot
 * upload, and the v2 upload protocol (single and multipart) whose bytes go to signed URLs.
 */
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Path("")
public class ImageFilesResource {

    @Inject
    Caller caller;

    @Inject
    ImageService images;

    @Inject
    UploadService uploads;

    @Inject
    UploadReceiver receiver;

    @Inject
    Transfers transfers;

    @Inject
    BlobResponses blobResponses;

    @Inject
    PublicUrl publicUrl;

    @Inject
    @ConfigProperty(name = "registry.download.redirect", defaultValue = "true")
    boolean redirect;

    @Context
    UriInfo uri;

    public record UploadUrlJson(String uploadURL) {}

    public record MultipartJson(String uploadID, int totalParts, long partSize, Map<String, String> options) {}

    public record PartUrlJson(String presignedURL) {}

    public record QuotaJson(long quotaTotal, long quotaUsage) {}

    public record CompleteJson(QuotaJson quota, String containerUrl) {}

    /**
     * A pull. By default a 303 to a signed URL that honours Range, so the CLI downloads in parallel;
     * with {@code registry.download.redirect=false}, the bytes themselves.
     */
    @GET
    @Path("v1/imagefile/{ref: .+}")
    public Response download(@PathParam("ref") String ref, @QueryParam("arch") String arch,
            @HeaderParam("Range") String range) {
        ImageService.Download download = images.download(caller, ImageRef.parse(ref), arch);
        if (redirect) {
            return Response.seeOther(URI.create(transfers.blobUrl(uri, download.digest()))).build();
        }
        return blobResponses.serve(download.digest(), range);
    }

    /** Legacy upload ({@code apiVersion} below 2.0.0-alpha.1): the whole file in one request. */
    @POST
    @Path("v1/imagefile/{id}")
    public Response legacyUpload(@PathParam("id") String imageId, @HeaderParam("Content-Length") Long length,
            InputStream body) {
        if (length == null) {
            throw RegistryException.invalid("Content-Length is required");
        }
        var session = uploads.startSingle(caller, imageId, length, null);
        receiver.receiveSingle(session.getId(), body, null);
        uploads.complete(caller, imageId);
        return Response.ok(Envelope.of(null)).build();
    }

    @POST
    @Path("v2/imagefile/{id}")
    public Envelope<UploadUrlJson> startUpload(@PathParam("id") String imageId, Requests.Upload body) {
        Requests.require(body);
        var session = uploads.startSingle(caller, imageId, Requests.field(body.filesize(), "filesize"), body.sha256sum());
        return Envelope.of(new UploadUrlJson(transfers.uploadUrl(uri, session.getId())));
    }

    @PUT
    @Path("v2/imagefile/{id}/_complete")
    public Envelope<CompleteJson> complete(@PathParam("id") String imageId) {
        return Envelope.of(completeJson(uploads.complete(caller, imageId)));
    }

    @POST
    @Path("v2/imagefile/{id}/_multipart")
    public Envelope<MultipartJson> startMultipart(@PathParam("id") String imageId, Requests.MultipartStart body) {
        Requests.require(body);
        var session = uploads.startMultipart(caller, imageId, Requests.field(body.filesize(), "filesize"));
        // "s3compliant": "false" spares the client a sha256 pass over each part before sending it
        // (it then announces no part checksum). The registry hashes every part and the whole file as
        // the bytes arrive, and an image becomes visible only when the whole file's sha256 is the
        // announced one; checksums that other clients announce are still checked per part.
        return Envelope.of(new MultipartJson(session.getId(), session.getTotalParts(), session.getPartSize(),
                Map.of("s3compliant", "false")));
    }

    @PUT
    @Path("v2/imagefile/{id}/_multipart")
    public Envelope<PartUrlJson> part(@PathParam("id") String imageId, Requests.MultipartPart body) {
        Requests.require(body);
        var part = uploads.expectPart(caller, imageId, Requests.field(body.uploadID(), "uploadID"),
                Requests.field(body.partNumber(), "partNumber"), Requests.field(body.partSize(), "partSize"),
                body.sha256sum());
        return Envelope.of(new PartUrlJson(transfers.partUrl(uri, part.sessionId(), part.number())));
    }

    @PUT
    @Path("v2/imagefile/{id}/_multipart_complete")
    public Envelope<CompleteJson> completeMultipart(@PathParam("id") String imageId, Requests.MultipartComplete body) {
        Requests.require(body);
        Map<Integer, String> tokens = new TreeMap<>();
        for (Requests.CompletedPart p : Requests.field(body.completedParts(), "completedParts")) {
            tokens.put(Requests.field(p.partNumber(), "partNumber"), Requests.field(p.token(), "token"));
        }
        return Envelope.of(completeJson(receiver.completeMultipart(caller, imageId,
                Requests.field(body.uploadID(), "uploadID"), tokens)));
    }

    @PUT
    @Path("v2/imagefile/{id}/_multipart_abort")
    public Envelope<Object> abortMultipart(@PathParam("id") String imageId, Requests.MultipartAbort body) {
        Requests.require(body);
        uploads.abort(caller, imageId, Requests.field(body.uploadID(), "uploadID"));
        return Envelope.of(null);
    }

    private CompleteJson completeJson(UploadService.Completed c) {
        return new CompleteJson(new QuotaJson(c.quotaTotal(), c.quotaUsage()),
                publicUrl.base(uri) + "/v1/containers/" + c.containerPath());
    }
}
