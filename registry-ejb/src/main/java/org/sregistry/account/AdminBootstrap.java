package org.sregistry.account;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.SettingService;
import org.sregistry.token.ApiToken;
import org.sregistry.token.TokenService;

/**
 * On start, makes sure the registry can be administered: the administrator account (its password
 * and token from configuration, or generated and logged once) and the reserved {@code library}
 * namespace that short refs resolve into. Several nodes may start at once on an empty database:
 * each bootstraps in one transaction that first locks the database row {@code lock.bootstrap}, so
 * the first creates the rows and the others, waiting on the lock, find them.
 */
@Singleton
@Startup
@DependsOn("SchemaMigration")
public class AdminBootstrap {

    private static final System.Logger LOG = System.getLogger(AdminBootstrap.class.getName());

    @Inject
    AccountService accounts;

    @Inject
    TokenService tokens;

    @Inject
    NamespaceService namespaces;

    @Inject
    SettingService settings;

    @Inject
    @ConfigProperty(name = "registry.admin.user", defaultValue = "admin")
    String adminUser;

    @Inject
    @ConfigProperty(name = "registry.admin.password")
    Optional<String> adminPassword;

    @Inject
    @ConfigProperty(name = "registry.admin.token")
    Optional<String> adminToken;

    @PostConstruct
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    void bootstrap() {
        settings.lock("bootstrap");
        Account admin = accounts.find(adminUser).orElseGet(this::createAdmin);
        adminToken.filter(t -> !t.isBlank()).ifPresent(t ->
                tokens.register(admin, "configured admin token", t, ApiToken.Scope.WRITE, null, null));
        namespaces.ensureLibrary(admin);
    }

    private Account createAdmin() {
        boolean generated = adminPassword.filter(p -> !p.isBlank()).isEmpty();
        String password = adminPassword.filter(p -> !p.isBlank()).orElseGet(AdminBootstrap::randomSecret);
        Account admin = accounts.create(adminUser, password, Role.SUPERUSER);
        if (generated) {
            LOG.log(System.Logger.Level.WARNING, "Created administrator ''{0}'' with generated password: {1}"
                    + " (shown once; set REGISTRY_ADMIN_PASSWORD to choose it)", adminUser, password);
        }
        if (adminToken.filter(t -> !t.isBlank()).isEmpty()) {
            TokenService.Issued issued = tokens.issue(admin, "initial admin token", ApiToken.Scope.WRITE, null, null);
            LOG.log(System.Logger.Level.WARNING, "Created API token for ''{0}'': {1}"
                    + " (shown once; set REGISTRY_ADMIN_TOKEN to choose it)", adminUser, issued.secret());
        }
        return admin;
    }

    private static String randomSecret() {
        byte[] bytes = new byte[18];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
