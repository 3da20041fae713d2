package org.sregistry.web.security;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import org.sregistry.account.Caller;

/** Makes the current request's {@link Caller} injectable: whoever the mechanism authenticated, or anonymous. */
@Dependent
public class Callers {

    @Inject
    HttpServletRequest request;

    @Produces
    @Dependent
    Caller produce() {
        return current();
    }

    /** The current request's caller (the HttpServletRequest here is a proxy to whichever request runs). */
    public Caller current() {
        Object caller = request.getAttribute(RegistryAuthenticationMechanism.CALLER);
        return caller instanceof Caller c ? c : Caller.ANONYMOUS;
    }

    /** Whether the request presented a token that was not valid (only the token check lets such requests in). */
    public boolean presentedInvalidToken() {
        return Boolean.TRUE.equals(request.getAttribute(RegistryAuthenticationMechanism.INVALID_TOKEN));
    }
}
