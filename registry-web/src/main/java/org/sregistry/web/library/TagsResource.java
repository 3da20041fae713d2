package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import java.util.TreeMap;
import org.sregistry.account.Caller;
import org.sregistry.container.ContainerService;
import org.sregistry.web.api.Envelope;

/** Tags of a container: v2 per architecture, v1 flattened (for clients older than apiVersion 2.0.0-alpha.2). */
@Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TagsResource {

    @Inject
    Caller caller;

    @Inject
    ContainerService containers;

    @GET
    @Path("v2/tags/{container}")
    public Envelope<Map<String, Map<String, String>>> archTags(@PathParam("container") String containerId) {
        return Envelope.of(containers.archTags(containers.getById(caller, containerId)));
    }

    /** Moves a tag; answers 200 (the client takes 201 as a failure). */
    @POST
    @Path("v2/tags/{container}")
    public Envelope<Object> setArchTag(@PathParam("container") String containerId, Requests.ArchTag body) {
        Requests.require(body);
        containers.tag(caller, containerId, Requests.field(body.tag(), "Tag"), body.arch(),
                Requests.field(body.imageId(), "ImageID"));
        return Envelope.of(null);
    }

    @GET
    @Path("v1/tags/{container}")
    public Envelope<Map<String, String>> tags(@PathParam("container") String containerId) {
        Map<String, String> flat = new TreeMap<>();
        containers.archTags(containers.getById(caller, containerId)).forEach((arch, tags) -> tags.forEach(flat::putIfAbsent));
        return Envelope.of(flat);
    }

    @POST
    @Path("v1/tags/{container}")
    public Envelope<Object> setTag(@PathParam("container") String containerId, Requests.V1Tag body) {
        Requests.require(body);
        containers.tag(caller, containerId, Requests.field(body.tag(), "Tag"), null, Requests.field(body.imageId(), "ImageID"));
        return Envelope.of(null);
    }
}
