package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.Optional;
import java.util.Set;
import org.sregistry.account.Caller;
import org.sregistry.token.CallerCache;
import org.sregistry.token.TokenService;

/** Validates API tokens against their stored hashes ({@link CallerCache} first); the groups are the account's role. */
@ApplicationScoped
public class TokenIdentityStore implements IdentityStore {

    @Inject
    TokenService tokens;

    @Inject
    CallerCache callers;

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof BearerCredential bearer)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        // a token seen a moment ago is answered from the node's memory, without a transaction
        Optional<Caller> remembered = callers.get(TokenService.hashOf(bearer.token()));
        return (remembered.isPresent() ? remembered : tokens.authenticate(bearer.token()))
                .map(caller -> new CredentialValidationResult(new RegistryPrincipal(caller), Set.of(caller.role().name())))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return Set.of(ValidationType.VALIDATE, ValidationType.PROVIDE_GROUPS);
    }
}
