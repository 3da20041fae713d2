package org.sregistry.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.sregistry.account.Caller;
import org.sregistry.registry.RegistryException;
import org.sregistry.team.TeamService;
import org.sregistry.web.api.Envelope;

/** Who am I: the token's account, its role, whether the token writes, and the account's teams. */
@Tag(name = "identity", description = "Who the presented token belongs to: account, role, scope, teams.")
@Path("api/registry/identity")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class IdentityResource {

    @Inject
    Caller caller;

    @Inject
    TeamService teams;

    @GET
    public Envelope<AccountsJson.Identity> identity() {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required: send 'Authorization: Bearer <token>'");
        }
        return Envelope.of(AccountsJson.Identity.of(caller, teams.membershipsOf(caller.accountId())));
    }
}
