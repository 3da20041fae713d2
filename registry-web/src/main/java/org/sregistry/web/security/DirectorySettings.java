package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.IdentityStore.ValidationType;
import jakarta.security.enterprise.identitystore.LdapIdentityStoreDefinition;
import jakarta.security.enterprise.identitystore.LdapIdentityStoreDefinition.LdapSearchScope;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.account.Role;

/**
 * The LDAP directory's settings ({@code registry.ldap.*}, i.e. {@code REGISTRY_LDAP_*}), as the
 * definition Jakarta Security's LDAP identity store takes, and the mapping of directory groups to
 * roles (settings that may be empty are optional: MicroProfile Config treats an empty default as
 * no value). The definition is normally an annotation; here it is built from configuration, so one
 * build serves every institution's directory and none at all.
 */
@ApplicationScoped
public class DirectorySettings {

    @Inject
    @ConfigProperty(name = "registry.ldap.url")
    Optional<String> url;

    @Inject
    @ConfigProperty(name = "registry.ldap.bind-dn")
    Optional<String> bindDn;

    @Inject
    @ConfigProperty(name = "registry.ldap.bind-password")
    Optional<String> bindPassword;

    @Inject
    @ConfigProperty(name = "registry.ldap.user-base")
    Optional<String> userBase;

    @Inject
    @ConfigProperty(name = "registry.ldap.user-filter", defaultValue = "(&(objectClass=inetOrgPerson)(uid=%s))")
    String userFilter;

    @Inject
    @ConfigProperty(name = "registry.ldap.group-base")
    Optional<String> groupBase;

    @Inject
    @ConfigProperty(name = "registry.ldap.group-filter", defaultValue = "(&(objectClass=groupOfNames)(member=%s))")
    String groupFilter;

    @Inject
    @ConfigProperty(name = "registry.ldap.group-name-attribute", defaultValue = "cn")
    String groupNameAttribute;

    @Inject
    @ConfigProperty(name = "registry.ldap.admin-groups")
    Optional<String> adminGroups;

    @Inject
    @ConfigProperty(name = "registry.ldap.superuser-groups")
    Optional<String> superuserGroups;

    /** The store's definition, or empty when no directory is configured. */
    public Optional<LdapIdentityStoreDefinition> definition() {
        return url.filter(u -> !u.isBlank()).map(Definition::new);
    }

    /** Superuser if in a superuser group, else admin if in an admin group, else user. */
    public Role roleOf(Set<String> groups) {
        if (groups.stream().anyMatch(list(superuserGroups.orElse(""))::contains)) {
            return Role.SUPERUSER;
        }
        return groups.stream().anyMatch(list(adminGroups.orElse(""))::contains) ? Role.ADMIN : Role.USER;
    }

    private static Set<String> list(String commaSeparated) {
        return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
    }

    /** The annotation's attributes, from the settings above. */
    @SuppressWarnings("all") // an annotation type implemented by a class, as Jakarta Security's own literals do
    private final class Definition implements LdapIdentityStoreDefinition {

        private final String url;

        Definition(String url) {
            this.url = url.trim();
        }

        @Override public Class<? extends Annotation> annotationType() { return LdapIdentityStoreDefinition.class; }
        @Override public String url() { return url; }
        @Override public String bindDn() { return bindDn.orElse(""); }
        @Override public String bindDnPassword() { return bindPassword.orElse(""); }
        @Override public String callerBaseDn() { return ""; }
        @Override public String callerNameAttribute() { return "uid"; }
        @Override public String callerSearchBase() { return userBase.orElse(""); }
        @Override public String callerSearchFilter() { return userFilter; }
        @Override public LdapSearchScope callerSearchScope() { return LdapSearchScope.SUBTREE; }
        @Override public String callerSearchScopeExpression() { return ""; }
        @Override public String groupSearchBase() { return groupBase.orElse(""); }
        @Override public String groupSearchFilter() { return groupFilter; }
        @Override public LdapSearchScope groupSearchScope() { return LdapSearchScope.SUBTREE; }
        @Override public String groupSearchScopeExpression() { return ""; }
        @Override public String groupNameAttribute() { return groupNameAttribute; }
        @Override public String groupMemberAttribute() { return "member"; }
        @Override public String groupMemberOfAttribute() { return ""; }
        @Override public int readTimeout() { return 10_000; }
        @Override public String readTimeoutExpression() { return ""; }
        @Override public int maxResults() { return 1000; }
        @Override public String maxResultsExpression() { return ""; }
        @Override public int priority() { return DirectoryIdentityStore.PRIORITY; }
        @Override public String priorityExpression() { return ""; }
        @Override public ValidationType[] useFor() {
            return groupBase.orElse("").isBlank() ? new ValidationType[] {ValidationType.VALIDATE}
                    : new ValidationType[] {ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS};
        }
        @Override public String useForExpression() { return ""; }
    }
}
