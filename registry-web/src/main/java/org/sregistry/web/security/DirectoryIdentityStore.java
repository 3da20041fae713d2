package org.sregistry.web.security;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.glassfish.soteria.identitystores.LdapIdentityStore;
import org.sregistry.account.AccountService;
import org.sregistry.account.AuthSource;
import org.sregistry.account.ExternalIdentity;
import org.sregistry.registry.RegistryException;

/**
 * Passwords of the institution's LDAP directory, checked by Jakarta Security's own LDAP identity
 * store (Soteria's {@link LdapIdentityStore}, configured from {@link DirectorySettings}): it finds
 * the person with the user search, binds as them with the password, and reads their groups with the
 * group search. Groups map to the staff roles; the first login creates the account
 * ({@link AccountService#externalLogin}). Inactive unless {@code registry.ldap.url} is set; asked
 * after the local accounts.
 *
 * <p>Before the directory is asked, the username must look like a directory name (no filter
 * syntax, so nothing can be injected into the search) and the password must not be empty (an empty
 * password would be an anonymous bind, which many directories accept).
 */
@ApplicationScoped
public class DirectoryIdentityStore implements IdentityStore {

    /** After the local accounts ({@link PasswordIdentityStore#PRIORITY}). */
    public static final int PRIORITY = 20;

    /** What the console's login page shows when a directory login was refused for a reason the person can act on. */
    public static final String REFUSAL = DirectoryIdentityStore.class.getName() + ".refusal";

    private static final Logger LOG = Logger.getLogger(DirectoryIdentityStore.class.getName());
    private static final Pattern DIRECTORY_NAME = Pattern.compile("[\\p{L}\\p{N}._@+-]{1,128}");

    @Inject
    DirectorySettings settings;

    @Inject
    AccountService accounts;

    @Inject
    HttpServletRequest request;

    private LdapIdentityStore directory;

    @PostConstruct
    void init() {
        directory = settings.definition().map(LdapIdentityStore::new).orElse(null);
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (directory == null || !(credential instanceof UsernamePasswordCredential password)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        String username = password.getCaller();
        if (username == null || !DIRECTORY_NAME.matcher(username).matches() || password.getPassword().getValue().length == 0) {
            return CredentialValidationResult.INVALID_RESULT;
        }
        CredentialValidationResult checked;
        try {
            checked = directory.validate(password);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the LDAP directory could not check a login: " + e.getMessage(), e);
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        if (checked.getStatus() != CredentialValidationResult.Status.VALID) {
            return checked;
        }
        Set<String> groups = Optional.ofNullable(checked.getCallerGroups()).orElse(Set.of());
        try {
            var caller = accounts.externalLogin(new ExternalIdentity(AuthSource.LDAP, checked.getCallerDn(), username,
                    null, null, settings.roleOf(groups)));
            return new CredentialValidationResult(new RegistryPrincipal(caller), Set.of(caller.role().name()));
        } catch (RegistryException refused) {
            request.setAttribute(REFUSAL, refused.getMessage());
            return CredentialValidationResult.INVALID_RESULT;
        }
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE);
    }
}
