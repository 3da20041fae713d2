package org.sregistry.web.console.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.sregistry.storage.UsageService;
import org.sregistry.web.console.CurrentUser;

/** {@code admin/index.xhtml}: the registry at a glance, with links to the staff pages. */
@Named("adminOverview")
@RequestScoped
public class OverviewBacking {

    @Inject
    CurrentUser user;

    @Inject
    UsageService usage;

    private UsageService.Overview overview;

    public UsageService.Overview getOverview() {
        if (overview == null) {
            overview = usage.overview(user.caller());
        }
        return overview;
    }
}
