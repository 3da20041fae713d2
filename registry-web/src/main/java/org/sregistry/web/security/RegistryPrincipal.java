package org.sregistry.web.security;

import jakarta.security.enterprise.CallerPrincipal;
import org.sregistry.account.Caller;

/** The principal of a token login, carrying the Caller (scope and collection limits included). */
public class RegistryPrincipal extends CallerPrincipal {

    private final transient Caller caller;

    public RegistryPrincipal(Caller caller) {
        super(caller.username());
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }
}
