package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionMember;
import org.sregistry.collection.CollectionService;

import org.sregistry.collection.CollectionService.MemberKind;
import org.sregistry.download.DownloadService;
import org.sregistry.registry.RegistryException;
import org.sregistry.signature.SignaturePolicy;
import org.sregistry.star.StarService;
import org.sregistry.web.api.Envelope;
import org.sregistry.web.read.ListParams;
import org.sregistry.web.read.PublicReads;
import org.sregistry.web.read.ReadJson;

/**
 * A collection's privacy, description, signature policy, members and pull limits, for its owners and
 * staff; its stars and container list, for whoever may see it.
 */
@Tag(name = "collections", description = "Collections: privacy, description, members (users or teams), weekly pull limits.")
@Path("api/collections/{entity}/{collection}")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class CollectionsAdminResource {

    @Inject
    Caller caller;

    @Inject
    CollectionService collections;

    @Inject
    DownloadService downloads;

    @Inject
    PublicReads reads;

    @Inject
    StarService stars;

    @Context
    UriInfo uri;

    /** {@code {"pullLimit": n}} sets a weekly pull limit, {@code {"pullLimit": null}} removes it. */
    public record LimitUpdate(Long pullLimit) {}

    @GET
    public Envelope<AccountsJson.CollectionJson> get(@PathParam("entity") String entity,
            @PathParam("collection") String collection) {
        return Envelope.of(AccountsJson.CollectionJson.of(collections.get(caller, entity, collection)));
    }

    @PUT
    public Envelope<AccountsJson.CollectionJson> update(@PathParam("entity") String entity,
            @PathParam("collection") String collection, AccountsJson.CollectionUpdate body) {
        AccountsJson.require(body);
        if (body.signaturePolicy() != null || body.signerKeys() != null) {
            collections.setSignaturePolicy(caller, entity, collection, body.signaturePolicy() == null ? null
                    : AccountsJson.parse(SignaturePolicy.class, "signature policy", body.signaturePolicy(), null),
                    body.signerKeys());
        }
        return Envelope.of(AccountsJson.CollectionJson.of(
                collections.update(caller, entity, collection, body.isPrivate(), body.description())));
    }

    /** {@code {"user": name}} or {@code {"team": name}}, with {@code role} OWNER or CONTRIBUTOR (the default). */
    @POST
    @Path("members")
    public Envelope<AccountsJson.CollectionJson> putMember(@PathParam("entity") String entity,
            @PathParam("collection") String collection, AccountsJson.NewCollectionMember body) {
        AccountsJson.require(body);
        boolean user = body.user() != null && !body.user().isBlank();
        boolean team = body.team() != null && !body.team().isBlank();
        if (user == team) {
            throw RegistryException.invalid("name exactly one of \"user\" and \"team\"");
        }
        var role = AccountsJson.parse(CollectionMember.Role.class, "collection role", body.role(),
                CollectionMember.Role.CONTRIBUTOR);
        return Envelope.of(AccountsJson.CollectionJson.of(collections.putMember(caller, entity, collection,
                user ? MemberKind.USER : MemberKind.TEAM, user ? body.user() : body.team(), role)));
    }

    @DELETE
    @Path("members/{kind}/{name}")
    public Envelope<AccountsJson.CollectionJson> removeMember(@PathParam("entity") String entity,
            @PathParam("collection") String collection, @PathParam("kind") String kind, @PathParam("name") String name) {
        return Envelope.of(AccountsJson.CollectionJson.of(collections.removeMember(caller, entity, collection,
                AccountsJson.parse(MemberKind.class, "member kind", kind, null), name)));
    }

    /**
     * The read API's container list of this collection (anyone who may see it; 404 otherwise), the
     * same as {@code GET /api/containers?entity=&collection=}: it lives here because this class owns
     * the addresses below a collection.
     */
    @GET
    @Path("containers")
    public Envelope<ReadJson.Page<ReadJson.ContainerItem>> containers(@PathParam("entity") String entity,
            @PathParam("collection") String collection, @BeanParam ListParams params) {
        return Envelope.of(reads.containersOf(entity, collection, params, uri));
    }

    /** Whether the caller starred the collection, and its number of stars. */
    @GET
    @Path("star")
    public Envelope<StarService.StarState> star(@PathParam("entity") String entity,
            @PathParam("collection") String collection) {
        return Envelope.of(stars.state(caller, entity, collection));
    }

    /** Stars the collection for the caller (idempotent; anyone logged in who may see it). */
    @PUT
    @Path("star")
    public Envelope<StarService.StarState> addStar(@PathParam("entity") String entity,
            @PathParam("collection") String collection) {
        stars.setStarred(caller, entity, collection, true);
        return Envelope.of(stars.state(caller, entity, collection));
    }

    /** Takes the caller's star back (idempotent). */
    @DELETE
    @Path("star")
    public Envelope<StarService.StarState> removeStar(@PathParam("entity") String entity,
            @PathParam("collection") String collection) {
        stars.setStarred(caller, entity, collection, false);
        return Envelope.of(stars.state(caller, entity, collection));
    }

    /** The collection's pulls (all time and this week) and its weekly pull limit. */
    @GET
    @Path("limits")
    public Envelope<DownloadService.Usage> limits(@PathParam("entity") String entity,
            @PathParam("collection") String collection) {
        return Envelope.of(downloads.usage(caller, entity, collection));
    }

    @PUT
    @Path("limits")
    public Envelope<DownloadService.Usage> putLimits(@PathParam("entity") String entity,
            @PathParam("collection") String collection, LimitUpdate body) {
        AccountsJson.require(body);
        return Envelope.of(downloads.limit(caller, entity, collection, body.pullLimit()));
    }

    /** A container's pulls (all time and this week) and its weekly pull limit. */
    @GET
    @Path("containers/{container}/limits")
    public Envelope<DownloadService.Usage> containerLimits(@PathParam("entity") String entity,
            @PathParam("collection") String collection, @PathParam("container") String container) {
        return Envelope.of(downloads.usage(caller, entity, collection, container));
    }

    @PUT
    @Path("containers/{container}/limits")
    public Envelope<DownloadService.Usage> putContainerLimits(@PathParam("entity") String entity,
            @PathParam("collection") String collection, @PathParam("container") String container,
            LimitUpdate body) {
        AccountsJson.require(body);
        return Envelope.of(downloads.limit(caller, entity, collection, container, body.pullLimit()));
    }
}
