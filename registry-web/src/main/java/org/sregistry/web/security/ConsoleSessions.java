package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.Set;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;

/**
 * Console logins: the login page hands a username and password to
 * {@code SecurityContext.authenticate}; the identity stores check them (the database, then the
 * directory when configured); or an OpenID Connect provider vouches for the person
 * ({@link OpenIdLogin}, at its two addresses below the console); the session then remembers only the account id. Every later request
 * reads the account again, so a deactivation, a role change or a new team applies at once. The
 * session cookie authenticates the console's pages only, never the APIs (which take tokens), so a
 * page of another site cannot make a logged-in browser call the API.
 */
@ApplicationScoped
public class ConsoleSessions {

    /** The console's path below the context root (the Faces servlet's mapping). */
    public static final String CONSOLE = "/console";

    static final String ACCOUNT = ConsoleSessions.class.getName() + ".account";

    @Inject
    IdentityStoreHandler identityStores;

    @Inject
    AccountService accounts;

    @Inject
    OpenIdLogin openId;

    static boolean isConsole(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(CONSOLE) || path.startsWith(CONSOLE + "/");
    }

    AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
        if (OpenIdLogin.handles(request)) {
            return openId.validateRequest(request, context, this);
        }
        Credential credential = context.isAuthenticationRequest() ? context.getAuthParameters().getCredential() : null;
        if (credential instanceof UsernamePasswordCredential password) {
            return login(request, context, identityStores.validate(password));
        }
        HttpSession session = request.getSession(false);
        Object accountId = session == null ? null : session.getAttribute(ACCOUNT);
        if (accountId instanceof String id) {
            Optional<Caller> caller = accounts.sessionCaller(id);
            if (caller.isPresent()) {
                return proceedAs(request, context, caller.get());
            }
            session.invalidate();
        }
        return context.doNothing();
    }

    /** Starts a session for a caller whose identity was checked (a password here, or a single sign-on). */
    AuthenticationStatus login(HttpServletRequest request, HttpMessageContext context, CredentialValidationResult result) {
        if (result.getStatus() != CredentialValidationResult.Status.VALID
                || !(result.getCallerPrincipal() instanceof RegistryPrincipal principal)) {
            return AuthenticationStatus.SEND_FAILURE;
        }
        start(request, principal.caller());
        return proceedAs(request, context, principal.caller());
    }

    /** Remembers in the session who logged in, under a new session id. */
    void start(HttpServletRequest request, Caller caller) {
        if (request.getSession(false) != null) {
            request.changeSessionId(); // no session fixation: the id known before the login is worthless after it
        }
        request.getSession(true).setAttribute(ACCOUNT, caller.accountId());
    }

    private static AuthenticationStatus proceedAs(HttpServletRequest request, HttpMessageContext context, Caller caller) {
        request.setAttribute(RegistryAuthenticationMechanism.CALLER, caller);
        return context.notifyContainerAboutLogin(new RegistryPrincipal(caller), Set.of(caller.role().name()));
    }

    void logout(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        request.removeAttribute(RegistryAuthenticationMechanism.CALLER);
    }
}
