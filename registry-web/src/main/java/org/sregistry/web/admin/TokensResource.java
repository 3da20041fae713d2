package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.sregistry.account.Account;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.registry.RegistryException;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;
import org.sregistry.web.api.Envelope;
import org.sregistry.web.security.DirectoryIdentityStore;
import org.sregistry.web.security.RegistryPrincipal;

/**
 * Self-service tokens: list one's own, create one (its secret is shown once), revoke one; and the
 * token exchange, where a script trades a person's username and password for a token.
 */
@Tag(name = "tokens", description = "The caller's own API tokens; a password exchanged for a token.")
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

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    HttpServletRequest request;

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

    /**
     * A username and password for a token of that account (shown once): the password is checked by
     * the identity stores, as at the console's login (local accounts, then the directory), and the
     * login and the token are audited. Service accounts have no password and are refused.
     */
    @POST
    @Path("exchange")
    public Response exchange(AdminJson.TokenExchange body) {
        AccountsJson.require(body);
        if (body.username() == null || body.username().isBlank() || body.password() == null || body.password().isEmpty()) {
            throw RegistryException.invalid("username and password are required");
        }
        if (accounts.find(body.username()).filter(Account::isService).isPresent()) {
            throw RegistryException.forbidden("service accounts have no password: an administrator issues their tokens");
        }
        CredentialValidationResult checked = identityStores.validate(new UsernamePasswordCredential(body.username(), body.password()));
        if (checked.getStatus() != CredentialValidationResult.Status.VALID
                || !(checked.getCallerPrincipal() instanceof RegistryPrincipal principal)) {
            throw RegistryException.unauthorized(request.getAttribute(DirectoryIdentityStore.REFUSAL) instanceof String refusal
                    ? refusal : "unknown username or wrong password");
        }
        Caller who = principal.caller();
        var issued = tokens.issue(who, accounts.get(who.username()), body.name(),
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
