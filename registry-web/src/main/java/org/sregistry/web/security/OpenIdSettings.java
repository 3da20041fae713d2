package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.account.Role;

/**
 * The OpenID Connect provider's settings ({@code registry.oidc.*}, i.e. {@code REGISTRY_OIDC_*}) and
 * the mapping of its groups to roles. Single sign-on is active only when an issuer is set.
 */
@ApplicationScoped
public class OpenIdSettings {

    @Inject
    @ConfigProperty(name = "registry.oidc.issuer")
    Optional<String> issuer;

    @Inject
    @ConfigProperty(name = "registry.oidc.client-id")
    Optional<String> clientId;

    @Inject
    @ConfigProperty(name = "registry.oidc.client-secret")
    Optional<String> clientSecret;

    @Inject
    @ConfigProperty(name = "registry.oidc.scopes", defaultValue = "openid profile email")
    String scopes;

    @Inject
    @ConfigProperty(name = "registry.oidc.username-claim", defaultValue = "preferred_username")
    String usernameClaim;

    @Inject
    @ConfigProperty(name = "registry.oidc.groups-claim", defaultValue = "groups")
    String groupsClaim;

    @Inject
    @ConfigProperty(name = "registry.oidc.admin-groups")
    Optional<String> adminGroups;

    @Inject
    @ConfigProperty(name = "registry.oidc.superuser-groups")
    Optional<String> superuserGroups;

    @Inject
    @ConfigProperty(name = "registry.oidc.provider-name", defaultValue = "single sign-on")
    String providerName;

    public boolean enabled() {
        return issuer.filter(i -> !i.isBlank()).isPresent();
    }

    /** The issuer as configured, without a trailing slash (the discovery document is below it). */
    public String issuer() {
        String i = issuer.orElse("").trim();
        return i.endsWith("/") ? i.substring(0, i.length() - 1) : i;
    }

    public String clientId() {
        return clientId.orElse("").trim();
    }

    public String clientSecret() {
        return clientSecret.orElse("");
    }

    /** The scopes asked for; {@code openid} is always among them. */
    public String scopes() {
        Set<String> asked = list(scopes.replace(' ', ','));
        return asked.contains("openid") ? String.join(" ", asked) : "openid " + String.join(" ", asked);
    }

    public String usernameClaim() {
        return usernameClaim.trim();
    }

    public String groupsClaim() {
        return groupsClaim.trim();
    }

    public String providerName() {
        return providerName;
    }

    /** Superuser if in a superuser group, else admin if in an admin group, else user. */
    public Role roleOf(Collection<String> groups) {
        if (groups.stream().anyMatch(list(superuserGroups.orElse(""))::contains)) {
            return Role.SUPERUSER;
        }
        return groups.stream().anyMatch(list(adminGroups.orElse(""))::contains) ? Role.ADMIN : Role.USER;
    }

    private static Set<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }
}
