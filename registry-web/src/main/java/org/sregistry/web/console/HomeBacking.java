package org.sregistry.web.console;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Locale;
import org.sregistry.web.api.PublicUrl;

/** The home page: how to reach this registry from the command line. */
@Named
@RequestScoped
public class HomeBacking {

    @Inject
    PublicUrl publicUrl;

    @Inject
    Branding branding;

    public String getBaseUrl() {
        return publicUrl.base();
    }

    /** A remote name for {@code apptainer remote add}: the registry's name as a lower-case word. */
    public String getRemoteName() {
        String name = branding.getName().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        return name.isEmpty() ? "registry" : name;
    }
}
