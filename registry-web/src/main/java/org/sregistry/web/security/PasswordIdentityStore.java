package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Set;
import org.sregistry.account.AccountService;

/**
 * Checks the passwords of local accounts (hashed with the platform's Pbkdf2PasswordHash). Asked
 * first; a name it does not know, or a wrong password, is left to the next store (the directory).
 */
@ApplicationScoped
public class PasswordIdentityStore implements IdentityStore {

    /** Lower runs first: the database before the directory. */
    public static final int PRIORITY = 10;

    @Inject
    AccountService accounts;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential password)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return accounts.login(password.getCaller(), password.getPasswordAsString())
                .map(caller -> new CredentialValidationResult(new RegistryPrincipal(caller), Set.of(caller.role().name())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
