package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.sregistry.account.Caller;

/**
 * The application's one authentication mechanism (Jakarta EE 10 allows one per application): it
 * delegates by request. A request with an {@code Authorization} header is a machine client and is
 * authenticated by its bearer token, wherever it goes; the console's pages are authenticated by
 * their login session (a password checked by the identity stores, or a single sign-on). Everything
 * else is anonymous. Whoever is authenticated is left as a {@link Caller} in the request for
 * {@link Callers}.
 */
@ApplicationScoped
public class RegistryAuthenticationMechanism implements HttpAuthenticationMechanism {

    static final String CALLER = Caller.class.getName();
    static final String INVALID_TOKEN = RegistryAuthenticationMechanism.class.getName() + ".invalid";

    @Inject
    BearerTokens bearerTokens;

    @Inject
    ConsoleSessions consoleSessions;

    @Override
    public AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (isAnonymous(request)) {
            return context.doNothing();
        }
        return request.getHeader("Authorization") != null ? bearerTokens.validateRequest(request, response, context)
                : consoleSessions.validateRequest(request, response, context);
    }

    /**
     * Whether {@link #validateRequest} lets the request through as nobody without looking at it further:
     * no {@code Authorization} header, and not the console. The one test for both this mechanism and
     * {@link DirectAuthentication}, which decides those requests without calling it.
     */
    static boolean isAnonymous(HttpServletRequest request) {
        return request.getHeader("Authorization") == null && !ConsoleSessions.isConsole(request);
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        consoleSessions.logout(request);
        HttpAuthenticationMechanism.super.cleanSubject(request, response, context);
    }
}
