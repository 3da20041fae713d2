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
 * directory when configured); the session then remembers only the account id. Every later request
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

    static boolean isConsole(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(CONSOLE) || path.startsWith(CONSOLE + "/");
    }

    AuthenticationStatus validateRequest(HttpServletRequest request, HttpServletResponse response,
            HttpMessageContext context) {
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
        if (request.getSession(false) != null) {
            request.changeSessionId(); // no session fixation: the id known before the login is worthless after it
        }
        request.getSession(true).setAttribute(ACCOUNT, principal.caller().accountId());
        return proceedAs(request, context, principal.caller());
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
