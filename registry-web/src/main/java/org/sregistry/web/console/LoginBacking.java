package org.sregistry.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import org.sregistry.web.security.DirectoryIdentityStore;
import org.sregistry.web.security.OpenIdLogin;
import org.sregistry.web.security.OpenIdSettings;

/** The login form: hands the credentials to the application's authentication mechanism. */
@Named
@RequestScoped
public class LoginBacking {

    @Inject
    SecurityContext security;

    @Inject
    ConsoleMessages messages;

    @Inject
    OpenIdSettings openId;

    @NotBlank
    @Size(max = 128)
    private String username;

    @NotBlank
    @Size(max = 1024)
    private String password;

    private String next;

    public void login() throws IOException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        AuthenticationStatus status = security.authenticate((HttpServletRequest) external.getRequest(),
                (HttpServletResponse) external.getResponse(),
                AuthenticationParameters.withParams().credential(new UsernamePasswordCredential(username, password)).newAuthentication(true));
        if (status == AuthenticationStatus.SUCCESS) {
            external.redirect(ConsolePaths.local(external.getRequestContextPath(), next));
            FacesContext.getCurrentInstance().responseComplete();
        } else if (external.getRequestMap().get(DirectoryIdentityStore.REFUSAL) instanceof String refusal) {
            messages.errorText(refusal);
        } else {
            messages.error("login.failed");
        }
    }

    /** Shows why a single sign-on that ended here was refused (once). */
    public void showSingleSignOnRefusal() {
        if (FacesContext.getCurrentInstance().getExternalContext().getSession(false) instanceof jakarta.servlet.http.HttpSession session) {
            if (session.getAttribute(OpenIdLogin.REFUSAL_KEY) instanceof String key) {
                messages.error(key);
            } else if (session.getAttribute(OpenIdLogin.REFUSAL_TEXT) instanceof String text) {
                messages.errorText(text);
            }
            session.removeAttribute(OpenIdLogin.REFUSAL_KEY);
            session.removeAttribute(OpenIdLogin.REFUSAL_TEXT);
        }
    }

    public boolean isSingleSignOn() {
        return openId.enabled();
    }

    public String getSingleSignOnProvider() {
        return openId.providerName();
    }

    public String getSingleSignOnPath() {
        return OpenIdLogin.LOGIN;
    }

    public void logout() throws IOException, ServletException {
        ExternalContext external = FacesContext.getCurrentInstance().getExternalContext();
        ((HttpServletRequest) external.getRequest()).logout();
        external.invalidateSession();
        external.redirect(external.getRequestContextPath() + ConsolePaths.HOME);
        FacesContext.getCurrentInstance().responseComplete();
    }

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    public void setPassword(String password) {
        this.password = password;
    }

    public String getNext() {
        return next;
    }

    public void setNext(String next) {
        this.next = next;
    }
}
