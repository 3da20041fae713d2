package org.sregistry.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.sregistry.account.Caller;
import org.sregistry.web.security.Callers;

/** Who is looking at the page, for the template (menu, login/logout) and for backing beans. */
@Named
@RequestScoped
public class CurrentUser {

    @Inject
    Callers callers;

    public Caller caller() {
        return callers.current();
    }

    public boolean isLoggedIn() {
        return !caller().isAnonymous();
    }

    public boolean isStaff() {
        return caller().isStaff();
    }

    public String getUsername() {
        return caller().username();
    }
}
