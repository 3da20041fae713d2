package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.registry.RegistryException;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;
import org.sregistry.web.api.Envelope;

/** Self-service tokens: list one's own, create one (its secret is shown once), revoke one. */
@Path("api/tokens")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TokensResource {

    @Inject
    Caller caller;

    @Inject
    TokenService tokens;

    @Inject
    AccountService accounts;

    @GET
    public Envelope<List<AccountsJson.TokenJson>> mine() {
        return Envelope.of(tokens.tokensOf(caller).stream().map(AccountsJson.TokenJson::of).toList());
    }

    @POST
    public Response create(AdminJson.NewToken body) {
        AccountsJson.require(body);
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        var issued = tokens.issue(caller, accounts.get(caller.username()), body.name(),
                AccountsJson.parse(ApiToken.Scope.class, "scope", body.scope(), ApiToken.Scope.WRITE), body.expiresAt(),
                body.collections());
        return Response.status(201).entity(Envelope.of(AdminJson.Token.of(issued))).build();
    }

    @DELETE
    @Path("{id}")
    public Envelope<AccountsJson.TokenJson> revoke(@PathParam("id") String id) {
        return Envelope.of(AccountsJson.TokenJson.of(tokens.revoke(caller, id)));
    }
}
