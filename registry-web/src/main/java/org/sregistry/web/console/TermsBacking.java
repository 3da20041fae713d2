package org.sregistry.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import org.sregistry.account.AccountService;

/** Terms of use, accepted once by every person on first login. */
@Named
@RequestScoped
public class TermsBacking {

    @Inject
    AccountService accounts;

    @Inject
    CurrentUser user;

    private String next;

    public void accept() throws IOException {
        accounts.acceptTerms(user.caller());
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        external.getSessionMap().put(ConsoleAccess.TERMS_ACCEPTED, Boolean.TRUE);
        external.redirect(ConsolePaths.local(external.getRequestContextPath(), next));
        FacesContext.getCurrentInstance().responseComplete();
    }

    public String getNext() {
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }
}
