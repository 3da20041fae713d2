package org.sregistry.web.security;

import jakarta.inject.Inject;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;
import org.sregistry.web.api.error.ApiErrors;

/**
 * Anonymous writes are answered 401 before their body is looked at, so a client without a token
 * learns that first (and not that its body was incomplete). Which writes a token allows is still
 * decided by the services. Signed transfer URLs authorize themselves and are left alone, and so is
 * the token exchange, whose body carries the password it authenticates with.
 */
@Provider
public class WritesNeedAToken implements ContainerRequestFilter {

    /** {@code POST /api/tokens/exchange}: a username and password for a token. */
    public static final String TOKEN_EXCHANGE = "api/tokens/exchange";

    private static final Set<String> WRITES = Set.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH);

    @Inject
    Callers callers;

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        boolean api = path.startsWith("v1/") || path.startsWith("v2/") || path.startsWith("api/");
        if (api && WRITES.contains(request.getMethod()) && !path.startsWith("v2/uploads/") && !path.equals(TOKEN_EXCHANGE) && callers.current().isAnonymous()) {
            request.abortWith(ApiErrors.response(401, "authentication required: send 'Authorization: Bearer <token>'"));
        }
    }
}
