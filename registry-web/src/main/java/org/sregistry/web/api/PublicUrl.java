package org.sregistry.web.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The address clients reach the registry at, for every URL the registry hands out (discovery file,
 * redirects, signed transfer URLs): {@code registry.public.url} when set, else the request's own base.
 */
@ApplicationScoped
public class PublicUrl {

    @Inject
    @ConfigProperty(name = "registry.public.url")
    Optional<String> configured;

    /** The base without a trailing slash, e.g. {@code https://sif.example.org}. */
    public String base(UriInfo request) {
        String base = configured.filter(s -> !s.isBlank()).orElseGet(() -> {
            URI uri = request.getBaseUri();
            return uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath();
        });
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
