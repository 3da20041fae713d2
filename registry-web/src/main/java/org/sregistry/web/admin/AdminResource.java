package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Locale;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;
import org.sregistry.collection.Permissions;
import org.sregistry.container.ContainerService;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.RegistryException;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;
import org.sregistry.web.api.Envelope;

/** Accounts, tokens, quotas and tag freezing for staff (the services check the caller's role). */
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
