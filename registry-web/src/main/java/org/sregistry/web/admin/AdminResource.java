package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Locale;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;
import org.sregistry.collection.Permissions;
import org.sregistry.container.ContainerService;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.RegistryException;
import org.sregistry.storage.UsageService;
import org.sregistry.team.TeamService;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;
import org.sregistry.web.api.Envelope;

/** Accounts, tokens, quotas and tag freezing for staff (the services check the caller's role). */
@Tag(name = "admin", description = "Users and service accounts, their tokens, entity quotas, teams, collections and storage (staff).")
@Path("api/admin")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class AdminResource {

    @Inject
    Caller caller;

    @Inject
    AccountService accounts;

    @Inject
    TokenService tokens;

    @Inject
    NamespaceService namespaces;

    @Inject
    ContainerService containers;

    @Inject
    TeamService teams;

    @Inject
    UsageService usage;

    private static final int DEFAULT_LIMIT = 100;

    @POST
    @Path("users")
    public Response createUser(AdminJson.NewUser body) {
        require(body);
        var account = accounts.create(caller, body.username(), body.password(),
                parse(Role.class, body.role(), Role.USER), Boolean.TRUE.equals(body.service()));
        return Response.status(201).entity(Envelope.of(AdminJson.User.of(account))).build();
    }

    @GET
    @Path("users/{username}")
    public Envelope<AdminJson.User> user(@PathParam("username") String username) {
        Permissions.requireStaff(caller);
        return Envelope.of(AdminJson.User.of(accounts.get(username)));
    }

    /** Accounts by name, {@code ?q=} (name contains), {@code &offset=&limit=} (limit at most 500). */
    @GET
    @Path("users")
    public Envelope<AdminJson.Page<AdminJson.User>> users(@QueryParam("q") String q, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        int from = AccountsJson.integer("offset", offset, 0);
        return Envelope.of(new AdminJson.Page<>(accounts.count(caller, q), from, accounts.list(caller, q, from,
                AccountsJson.integer("limit", limit, DEFAULT_LIMIT)).stream().map(AdminJson.User::of).toList()));
    }

    /** {@code {"role": "ADMIN", "active": false}}: either or both. */
    @PATCH
    @Path("users/{username}")
    public Envelope<AdminJson.User> updateUser(@PathParam("username") String username, AdminJson.UserUpdate body) {
        require(body);
        Role role = body.role() == null ? null : parse(Role.class, body.role(), null);
        return Envelope.of(AdminJson.User.of(accounts.update(caller, username, role, body.active())));
    }

    /** The same as PATCH, for clients without it. */
    @PUT
    @Path("users/{username}")
    public Envelope<AdminJson.User> putUser(@PathParam("username") String username, AdminJson.UserUpdate body) {
        return updateUser(username, body);
    }

    /** A new random password for a local account, answered once. */
    @POST
    @Path("users/{username}/password")
    public Envelope<AdminJson.NewPassword> resetPassword(@PathParam("username") String username) {
        return Envelope.of(new AdminJson.NewPassword(username, accounts.resetPassword(caller, username)));
    }

    @GET
    @Path("users/{username}/tokens")
    public Envelope<List<AccountsJson.TokenJson>> tokensOf(@PathParam("username") String username) {
        Permissions.requireStaff(caller);
        return Envelope.of(tokens.tokensOf(accounts.get(username)).stream().map(AccountsJson.TokenJson::of).toList());
    }

    @POST
    @Path("users/{username}/tokens")
    public Response createToken(@PathParam("username") String username, AdminJson.NewToken body) {
        require(body);
        var issued = tokens.issue(caller, accounts.get(username), body.name(),
                parse(ApiToken.Scope.class, body.scope(), ApiToken.Scope.WRITE), body.expiresAt(), body.collections());
        return Response.status(201).entity(Envelope.of(AdminJson.Token.of(issued))).build();
    }

    @PUT
    @Path("entities/{entity}/quota")
    public Envelope<AdminJson.Entity> quota(@PathParam("entity") String entity, AdminJson.Quota body) {
        require(body);
        var namespace = namespaces.setQuota(caller, entity, body.quotaBytes());
        return Envelope.of(AdminJson.Entity.of(namespace, namespaces.usage(namespace)));
    }

    @PUT
    @Path("containers/{entity}/{collection}/{container}/tags/{tag}")
    public Envelope<AdminJson.TagJson> tag(@PathParam("entity") String entity, @PathParam("collection") String collection,
            @PathParam("container") String container, @PathParam("tag") String tag, AdminJson.TagState body) {
        require(body);
        return Envelope.of(AdminJson.TagJson.of(containers.freeze(caller, entity, collection, container, tag,
                body.arch() == null ? "amd64" : body.arch(), Boolean.TRUE.equals(body.frozen()))));
    }

    @GET
    @Path("teams")
    public Envelope<AdminJson.Page<AdminJson.TeamRow>> teams(@QueryParam("q") String q, @QueryParam("offset") String offset,
            @QueryParam("limit") String limit) {
        int from = AccountsJson.integer("offset", offset, 0);
        return Envelope.of(new AdminJson.Page<>(teams.count(caller, q), from, teams.list(caller, q, from,
                AccountsJson.integer("limit", limit, DEFAULT_LIMIT)).stream().map(AdminJson.TeamRow::of).toList()));
    }

    /** Deletes a team whose namespace holds no collections (409 otherwise). */
    @DELETE
    @Path("teams/{name}")
    public Response deleteTeam(@PathParam("name") String name) {
        teams.delete(caller, name);
        return Response.noContent().build();
    }

    /** Every collection with its storage, the largest first; {@code ?q=} matches "entity/name". */
    @GET
    @Path("collections")
    public Envelope<AdminJson.Page<UsageService.CollectionUsage>> collections(@QueryParam("q") String q,
            @QueryParam("offset") String offset, @QueryParam("limit") String limit) {
        int from = AccountsJson.integer("offset", offset, 0);
        return Envelope.of(new AdminJson.Page<>(usage.countCollections(caller, q), from, usage.collections(caller, q, from,
                AccountsJson.integer("limit", limit, DEFAULT_LIMIT))));
    }

    /** Counts and storage in total. */
    @GET
    @Path("storage")
    public Envelope<UsageService.Overview> storage() {
        return Envelope.of(usage.overview(caller));
    }

    private static void require(Object body) {
        if (body == null) {
            throw RegistryException.invalid("a JSON request body is required");
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, E fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw RegistryException.invalid("unknown " + type.getSimpleName().toLowerCase(Locale.ROOT) + " '" + value + "'");
        }
    }
}
