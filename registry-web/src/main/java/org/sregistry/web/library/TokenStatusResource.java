package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.sregistry.account.Caller;
import org.sregistry.web.api.Envelope;
import org.sregistry.web.api.error.ApiErrors;
import org.sregistry.web.security.Callers;

/**
 * {@code apptainer remote login/status}: 200 for a valid token. Anything else is 404, which the CLI
 * reports as "Invalid Credentials".
 */
@Path("v1/token-status")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class TokenStatusResource {

    @Inject
    Caller caller;

    @Inject
    Callers callers;

    public record StatusJson(String status, String username) {}

    @GET
    public Response status() {
        if (caller.isAnonymous()) {
            return ApiErrors.response(404, callers.presentedInvalidToken()
                    ? "the token is not valid (unknown, revoked or expired)" : "no token presented");
        }
        return Response.ok(Envelope.of(new StatusJson("valid", caller.username()))).build();
    }
}
