package org.sregistry.account;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Optional;
import java.util.Set;
import org.sregistry.collection.Permissions;
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

    /** Creates an account at start-up (the administrator); no caller to check. */
    public Account create(String username, String password, Role role) {
        Names.requireName("user", username);
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

    /** An administrator creates an account (a service account when {@code service}: no password). */
    public Account create(Caller caller, String username, String password, Role role, boolean service) {
        Permissions.requireStaff(caller);
        if (role == Role.SUPERUSER && caller.role() != Role.SUPERUSER) {
            throw RegistryException.forbidden("only a superuser may create superusers");
        }
        if (service && password != null) {
            throw RegistryException.invalid("service accounts have no password");
        }
        Names.requireName("user", username);
        if (find(username).isPresent() || namespaces.find(username).isPresent()) {
            throw RegistryException.conflict("the name " + username + " is taken");
        }
        var account = new Account(username, role, service);
        if (password != null) {
            account.setPasswordHash(passwordHash.generate(password.toCharArray()));
        }
        em.persist(account);
        namespaces.ensureFor(account);
        return account;
    }

    public Account get(String username) {
        return find(username).orElseThrow(() -> RegistryException.notFound("user " + username + " not found"));
    }

    /**
     * The account {@code username} acting on its own, not through a token: what a job started on its
     * behalf runs as (full read-write rights of its role, no collection limit).
     */
    public Caller callerFor(String username) {
        Account account = get(username);
        if (!account.isActive()) {
            throw RegistryException.forbidden("user " + username + " is deactivated");
        }
        return Caller.of(account, true, Set.of());
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
