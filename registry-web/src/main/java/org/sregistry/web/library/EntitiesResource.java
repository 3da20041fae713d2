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
import org.sregistry.namespace.NamespaceService;
import org.sregistry.web.api.Envelope;

/** Entities (namespaces): looked up and created by push. */
@Path("v1/entities")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class EntitiesResource {

    @Inject
    Caller caller;

    @Inject
    NamespaceService namespaces;

    @Inject
    LibraryViews views;

    @GET
    @Path("{name}")
    public Envelope<EntityJson> get(@PathParam("name") String name) {
        return Envelope.of(views.entity(caller, namespaces.get(name)));
    }

    /** Creating an entity that exists already answers it: two first pushes may race to create it. */
    @POST
    public Envelope<EntityJson> create(Requests.NewEntity body) {
        Requests.require(body);
        return Envelope.of(views.entity(caller, namespaces.createOrGet(caller, Requests.field(body.name(), "name"),
                body.description())));
    }
}
