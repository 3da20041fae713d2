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
import org.sregistry.collection.CollectionService;
import org.sregistry.web.api.Envelope;

/** Collections: looked up by entity/name and created by push ({@code private} honoured). */
@Path("v1/collections")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CollectionsResource {

    @Inject
    Caller caller;

    @Inject
    CollectionService collections;

    @Inject
    LibraryViews views;

    @GET
    @Path("{entity}/{name}")
    public Envelope<CollectionJson> get(@PathParam("entity") String entity, @PathParam("name") String name) {
        return Envelope.of(views.collection(caller, collections.get(caller, entity, name)));
    }

    @POST
    public Envelope<CollectionJson> create(Requests.NewCollection body) {
        Requests.require(body);
        var collection = collections.createOrGet(caller, Requests.field(body.entity(), "entity"),
                Requests.field(body.name(), "name"), Boolean.TRUE.equals(body.isPrivate()), body.description());
        return Envelope.of(views.collection(caller, collection));
    }
}
