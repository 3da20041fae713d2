package org.sregistry.account;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Optional;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/** Creates and finds accounts; every account gets the namespace of its name. */
@Stateless
public class AccountService {

    @PersistenceContext
    EntityManager em;

    @Inject
    NamespaceService namespaces;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    public Optional<Account> find(String username) {
        if (!Names.isName(username)) {
            return Optional.empty();
        }
        return em.createNamedQuery(Account.BY_USERNAME, Account.class).setParameter("username", username)
                .getResultStream().findFirst();
    }

    public Account create(String username, String password, Role role) {
        if (find(username).isPresent() || namespaces.find(username).isPresent()) {
            throw RegistryException.conflict("the name " + username + " is taken");
        }
        var account = new Account(username, role, false);
        if (password != null) {
            account.setPasswordHash(passwordHash.generate(password.toCharArray()));
        }
        em.persist(account);
        namespaces.ensureFor(account);
        return account;
    }

    public boolean checkPassword(Account account, String password) {
        return account.getPasswordHash() != null && password != null
                && passwordHash.verify(password.toCharArray(), account.getPasswordHash());
    }

    public void setPassword(String username, String password) {
        Account account = find(username).orElseThrow(() -> RegistryException.notFound("user " + username + " not found"));
        account.setPasswordHash(passwordHash.generate(password.toCharArray()));
    }
}
