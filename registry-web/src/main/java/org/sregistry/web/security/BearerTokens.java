package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.Principal;
import java.util.Set;

/**
 * Authenticates requests that carry an {@code Authorization} header, by bearer token. The library client writes the scheme as
 * {@code BEARER}, the CLI's token check as {@code Bearer}: the scheme is compared ignoring case.
 * No header means anonymous; a token that is not valid gets 401 at once (except on the token check,
 * which answers 404 as the CLI expects for invalid credentials).
 */
@ApplicationScoped
class BearerTokens {

    @Inject
    IdentityStoreHandler identityStores;

    /** What the container is to be told about a request with an {@code Authorization} header. */
    record Verdict(Principal caller, Set<String> groups, boolean refused) {

        static final Verdict ANONYMOUS = new Verdict(null, Set.of(), false);
        static final Verdict REFUSED = new Verdict(null, Set.of(), true);
    }

    /** The mechanism's way: the verdict told through Jakarta Security's {@link HttpMessageContext}. */
    AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        Verdict verdict = decide(request, response);
        if (verdict.refused()) {
            return AuthenticationStatus.SEND_FAILURE;
        }
        return verdict.caller() == null ? context.doNothing()
                : context.notifyContainerAboutLogin(verdict.caller(), verdict.groups());
    }

    /**
     * Decides a request that carries an {@code Authorization} header: leaves its {@link org.sregistry.account.Caller}
     * in the request (or marks the invalid token the token check answers), writes the 401 of a
     * refused one, and says what the container is to be told. Both ways of telling it use this one
     * decision: the mechanism's ({@link #validateRequest}) and the one ahead of Jakarta Security's
     * bridge ({@link DirectAuthentication}).
     */
    Verdict decide(HttpServletRequest request, HttpServletResponse response) {
        String header = request.getHeader("Authorization");
        if (header.isBlank() || schemeOnlyToKeystore(request, header)) {
            return Verdict.ANONYMOUS;
        }
        String token = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        CredentialValidationResult result = token == null || token.isEmpty()
                ? CredentialValidationResult.INVALID_RESULT
                : identityStores.validate(new BearerCredential(token));
        if (result.getStatus() == CredentialValidationResult.Status.VALID
                && result.getCallerPrincipal() instanceof RegistryPrincipal principal) {
            request.setAttribute(RegistryAuthenticationMechanism.CALLER, principal.caller());
            return new Verdict(principal, result.getCallerGroups(), false);
        }
        if (request.getRequestURI().endsWith("/v1/token-status")) {
            request.setAttribute(RegistryAuthenticationMechanism.INVALID_TOKEN, Boolean.TRUE);
            return Verdict.ANONYMOUS;
        }
        unauthorized(response, token == null
                ? "the Authorization header must be 'Bearer <token>'"
                : "the token is not valid (unknown, revoked or expired)");
        return Verdict.REFUSED;
    }

    /**
     * apptainer sends {@code Authorization: Bearer} without a token to its remote's keystore when
     * nobody logged in: on the keystore (HKP at {@code /pks/}) that is an anonymous request.
     */
    private static boolean schemeOnlyToKeystore(HttpServletRequest request, String header) {
        return header.trim().equalsIgnoreCase("Bearer") && request.getRequestURI().startsWith(request.getContextPath() + "/pks/");
    }

    private static void unauthorized(HttpServletResponse response, String message) {
        try {
            response.setStatus(401);
            response.setHeader("WWW-Authenticate", "Bearer realm=\"registry\"");
            response.setContentType("application/json");
            response.getWriter().write(Json.createObjectBuilder()
                    .add("error", Json.createObjectBuilder().add("code", 401).add("message", message))
                    .build().toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
