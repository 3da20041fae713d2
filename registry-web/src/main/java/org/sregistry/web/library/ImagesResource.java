package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.sregistry.account.Caller;
import org.sregistry.image.ImageService;
import org.sregistry.registry.Digest;
import org.sregistry.registry.ImageRef;
import org.sregistry.web.api.Envelope;

/** Images: looked up by tag or hash (push and pull), announced by push, deleted. */
@Path("v1/images")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ImagesResource {

    @Inject
    Caller caller;

    @Inject
    ImageService images;

    @Inject
    LibraryViews views;

    @GET
    @Path("{ref: .+}")
    public Envelope<ImageJson> get(@PathParam("ref") String ref, @QueryParam("arch") String arch) {
        return Envelope.of(views.image(images.describe(caller, ImageRef.parse(ref), arch)));
    }

    @POST
    public Envelope<ImageJson> announce(Requests.NewImage body) {
        Requests.require(body);
        var image = images.announceOrFind(caller, Requests.field(body.container(), "container"),
                Digest.parse(Requests.field(body.hash(), "hash")), body.description());
        return Envelope.of(views.image(image));
    }

    /** {@code apptainer delete}: answers 200 (the client takes 204 as a failure). */
    @DELETE
    @Path("{ref: .+}")
    public Envelope<Object> delete(@PathParam("ref") String ref, @QueryParam("arch") String arch) {
        images.delete(caller, ImageRef.parse(ref), arch);
        return Envelope.of(null);
    }
}
