package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.sregistry.account.Caller;
import org.sregistry.container.ContainerService;
import org.sregistry.web.api.Envelope;

/** Containers: looked up by entity/collection/name and created by push. */
@Path("v1/containers")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ContainersResource {

    @Inject
    Caller caller;

    @Inject
    ContainerService containers;

    @Inject
    LibraryViews views;

    @GET
    @Path("{entity}/{collection}/{name}")
    public Envelope<ContainerJson> get(@PathParam("entity") String entity, @PathParam("collection") String collection,
            @PathParam("name") String name) {
        return Envelope.of(views.container(containers.get(caller, entity, collection, name)));
    }

    /** By id, as the Sylabs library also answers it: how a mirror lists the containers of a collection. */
    @GET
    @Path("{id}")
    public Envelope<ContainerJson> getById(@PathParam("id") String id) {
        return Envelope.of(views.container(containers.getById(caller, id)));
    }

    @POST
    public Envelope<ContainerJson> create(Requests.NewContainer body) {
        Requests.require(body);
        var container = containers.createOrGet(caller, Requests.field(body.collection(), "collection"),
                Requests.field(body.name(), "name"), body.description());
        return Envelope.of(views.container(container));
    }
}
