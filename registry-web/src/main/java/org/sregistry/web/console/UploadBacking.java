package org.sregistry.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.sregistry.upload.BrowserUploadService;
import org.sregistry.web.api.PublicUrl;

/**
 * The upload page: the collections the user may push to, and what its script needs (the endpoints'
 * address, the session's anti-CSRF token, the registry's host for the pull command). The upload
 * itself runs in the browser against {@link UploadEndpoints}.
 */
@Named
@RequestScoped
public class UploadBacking {

    @Inject
    CurrentUser currentUser;

    @Inject
    BrowserUploadService uploads;

    @Inject
    PublicUrl publicUrl;

    private List<BrowserUploadService.PushTarget> targets;

    public List<BrowserUploadService.PushTarget> getTargets() {
        if (targets == null) {
            targets = uploads.pushTargets(currentUser.caller());
        }
        return targets;
    }

    public String getToken() {
        return UploadToken.of((HttpSession) FacesContext.getCurrentInstance().getExternalContext().getSession(true));
    }

    public String getEndpoint() {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestContextPath() + UploadEndpoints.PATH;
    }

    public String getHost() {
        return publicUrl.host();
    }
}
