package org.sregistry.web.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The registry's name, logo and terms of use as the institution configured them. */
@Named
@ApplicationScoped
public class Branding {

    @Inject
    @ConfigProperty(name = "registry.name", defaultValue = "SIF Registry")
    String name;

    @Inject
    @ConfigProperty(name = "registry.logo.url")
    Optional<String> logoUrl;

    @Inject
    @ConfigProperty(name = "registry.terms")
    Optional<String> terms;

    public String getName() {
        return name;
    }

    /** The configured logo's address, or null for the built-in one. */
    public String getLogoUrl() {
        return logoUrl.filter(s -> !s.isBlank()).orElse(null);
    }

    /** The terms of use every person accepts on first login (plain text; paragraphs split by blank lines). */
    public String getTerms() {
        return terms.filter(s -> !s.isBlank()).orElse(null);
    }
}
