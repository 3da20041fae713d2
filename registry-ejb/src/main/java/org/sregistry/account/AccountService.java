package org.sregistry.account;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.Permissions;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.Names;
import org.sregistry.registry.Paging;
import org.sregistry.registry.RegistryException;
import org.sregistry.registry.RegistryPolicy;
import org.sregistry.team.TeamService;
import org.sregistry.token.CallerCache;

/** Creates and finds accounts; every account gets the namespace of its name. */
@Stateless
public class AccountService {

    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    NamespaceService namespaces;

    @Inject
    CallerCache callers;

    @Inject
    Pbkdf2PasswordHash passwordHash;

    @Inject
    TeamService teams;

    @Inject
    RegistryPolicy policy;

    @Inject
    AuditService audit;

    @Inject
    @ConfigProperty(name = "registry.admin.user")
    String adminUser;

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

    /**
     * Whom a batch job acts as: the account named in its {@code user} property, or the administrator
     * ({@code registry.admin.user}) when the job names none.
     */
    public Caller jobCaller(String user) {
        return callerFor(user == null || user.isBlank() ? adminUser : user);
    }

    public boolean checkPassword(Account account, String password) {
        return account.getPasswordHash() != null && password != null
                && passwordHash.verify(password.toCharArray(), account.getPasswordHash());
    }

    public void setPassword(String username, String password) {
        Account account = find(username).orElseThrow(() -> RegistryException.notFound("user " + username + " not found"));
        account.setPasswordHash(passwordHash.generate(password.toCharArray()));
    }

    /**
     * Checks a local account's password (a person logging in to the console or exchanging a password
     * for a token). Unknown names, wrong passwords, service and deactivated accounts and accounts of
     * an external source all fail alike; both outcomes are audited.
     */
    public Optional<Caller> login(String username, String password) {
        Optional<Account> account = find(username).filter(a -> a.isActive() && !a.isService()
                && a.getAuthSource() == AuthSource.LOCAL && checkPassword(a, password));
        if (account.isEmpty()) {
            audit.record(Caller.ANONYMOUS, AuditEvent.Action.LOGIN_FAILED, "user " + Names.clip(String.valueOf(username), 128), "password");
            return Optional.empty();
        }
        return Optional.of(loggedIn(account.get(), "password"));
    }

    /**
     * Logs in a person whose identity an external source checked (a directory bind, an OpenID
     * Connect ID token). The first login creates the account, named after the source's username
     * made into a registry name ({@link Names#normalize}); later logins find it by the source's
     * stable id and bring its role, display name and email up to date (the source's groups are
     * authoritative for the role). A name that cannot be made into a registry name, or whose
     * registry name belongs to someone else, is refused with a message saying so; a deactivated
     * account stays deactivated.
     */
    public Caller externalLogin(ExternalIdentity identity) {
        Account account = em.createNamedQuery(Account.BY_EXTERNAL_ID, Account.class)
                .setParameter("source", identity.source()).setParameter("externalId", identity.externalId())
                .getResultStream().findFirst().orElseGet(() -> createExternal(identity));
        if (!account.isActive()) {
            throw RegistryException.forbidden("the account " + account.getUsername() + " is deactivated");
        }
        if (account.getRole() != identity.role()) {
            account.setRole(identity.role());
            callers.changed();
        }
        if (identity.displayName() != null) {
            account.setDisplayName(identity.displayName());
        }
        if (identity.email() != null) {
            account.setEmail(Names.clip(identity.email(), 255));
        }
        return loggedIn(account, identity.source().name().toLowerCase(java.util.Locale.ROOT));
    }

    private Account createExternal(ExternalIdentity identity) {
        String name = Names.normalize(identity.username()).orElseThrow(() -> RegistryException.invalid(
                "the name '" + Names.clip(identity.username(), 64) + "' cannot be made into a registry name"
                        + " (letters a-z, digits and . _ - only): ask an administrator"));
        if (find(name).isPresent() || namespaces.find(name).isPresent()) {
            throw RegistryException.conflict("your " + identity.source().name() + " name '" + Names.clip(identity.username(), 64)
                    + "' becomes the registry name '" + name + "', which another account or team already has: ask an administrator");
        }
        var account = new Account(name, identity.role(), false);
        account.linkTo(identity.source(), identity.externalId());
        em.persist(account);
        namespaces.ensureFor(account);
        return account;
    }

    /**
     * Records a successful login of an account whose identity a mechanism or an identity store has
     * checked (a password, a directory bind, an OpenID Connect ID token) and returns it as a caller.
     */
    public Caller loggedIn(Account account, String how) {
        Account managed = em.contains(account) ? account : em.find(Account.class, account.getId());
        managed.loggedIn(Instant.now());
        Caller caller = sessionCaller(managed);
        audit.record(caller, AuditEvent.Action.LOGIN, "user " + managed.getUsername(), how);
        return caller;
    }

    /**
     * The caller of a logged-in console session, read again on every request so that a role change,
     * a new team or a deactivation applies at once; empty when the account is gone or deactivated.
     */
    public Optional<Caller> sessionCaller(String accountId) {
        return Optional.ofNullable(accountId == null ? null : em.find(Account.class, accountId))
                .filter(Account::isActive).map(this::sessionCaller);
    }

    private Caller sessionCaller(Account account) {
        return Caller.of(account, true, Set.of(), teams.rolesOf(account.getId()), policy.current().contributorsMayPush());
    }

    /** Accounts whose name contains {@code filter} (all when blank), by name, a page at a time (staff only). */
    public List<Account> list(Caller caller, String filter, int offset, int limit) {
        Permissions.requireStaff(caller);
        Paging.check(offset, limit);
        return em.createNamedQuery(Account.MATCHING, Account.class).setParameter("pattern", Paging.pattern(filter))
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long count(Caller caller, String filter) {
        Permissions.requireStaff(caller);
        return em.createNamedQuery(Account.COUNT_MATCHING, Long.class).setParameter("pattern", Paging.pattern(filter))
                .getSingleResult();
    }

    /**
     * Staff change an account's role and whether it is active (null leaves a value as it is). Only a
     * superuser makes or unmakes superusers; nobody deactivates or demotes themselves (so the
     * registry keeps an administrator). A deactivated account's sessions and tokens stop working
     * from the next request on: both read the account on every request.
     */
    public Account update(Caller caller, String username, Role role, Boolean active) {
        Permissions.requireStaff(caller);
        Account account = get(username);
        boolean self = account.getId().equals(caller.accountId());
        if (role != null && role != account.getRole()) {
            if ((role == Role.SUPERUSER || account.getRole() == Role.SUPERUSER) && caller.role() != Role.SUPERUSER) {
                throw RegistryException.forbidden("only a superuser may make or unmake superusers");
            }
            if (self) {
                throw RegistryException.forbidden("you may not change your own role");
            }
            audit.record(caller, AuditEvent.Action.ACCOUNT, "user " + username, "role " + account.getRole() + " -> " + role);
            account.setRole(role);
            callers.changed();
        }
        if (active != null && active != account.isActive()) {
            if (self) {
                throw RegistryException.forbidden("you may not deactivate yourself");
            }
            if (account.getRole() == Role.SUPERUSER && caller.role() != Role.SUPERUSER) {
                throw RegistryException.forbidden("only a superuser may deactivate a superuser");
            }
            account.setActive(active);
            callers.changed();
            audit.record(caller, AuditEvent.Action.ACCOUNT, "user " + username, active ? "activated" : "deactivated");
        }
        return account;
    }

    /**
     * Staff give a local person's account a new random password and get it back, to hand over once
     * (it is stored only as a hash). Service accounts and directory accounts have no password here.
     */
    public String resetPassword(Caller caller, String username) {
        Permissions.requireStaff(caller);
        Account account = get(username);
        if (account.isService() || account.getAuthSource() != AuthSource.LOCAL) {
            throw RegistryException.invalid("user " + username + " has no password kept by this registry");
        }
        if (account.getRole() == Role.SUPERUSER && caller.role() != Role.SUPERUSER) {
            throw RegistryException.forbidden("only a superuser may reset a superuser's password");
        }
        byte[] bytes = new byte[15];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        account.setPasswordHash(passwordHash.generate(password.toCharArray()));
        audit.record(caller, AuditEvent.Action.ACCOUNT, "user " + username, "password reset");
        return password;
    }

    /** The caller's own account (for profile pages). */
    public Account self(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        return em.find(Account.class, caller.accountId());
    }

    /** The caller changes their own display name and e-mail address (blank clears a value). */
    public Account updateProfile(Caller caller, String displayName, String email) {
        Account account = self(caller);
        requireWriter(caller);
        account.updateProfile(displayName, email);
        audit.record(caller, AuditEvent.Action.ACCOUNT, "user " + account.getUsername(), "profile updated");
        return account;
    }

    /**
     * A person with a local account changes their password, proving the current one first. Accounts
     * of a directory or an OpenID provider change it there; service accounts have none.
     */
    public void changePassword(Caller caller, String current, String replacement) {
        Account account = self(caller);
        requireWriter(caller);
        if (!account.hasLocalPassword()) {
            throw RegistryException.invalid("the password of " + account.getUsername() + " is not kept by this registry ("
                    + (account.isService() ? "service account" : account.getAuthSource()) + ")");
        }
        if (!checkPassword(account, current)) {
            throw RegistryException.forbidden("the current password is wrong");
        }
        if (replacement == null || replacement.length() < Account.PASSWORD_MIN || replacement.length() > 1024) {
            throw RegistryException.invalid("a new password has " + Account.PASSWORD_MIN + " to 1024 characters");
        }
        account.setPasswordHash(passwordHash.generate(replacement.toCharArray()));
        audit.record(caller, AuditEvent.Action.ACCOUNT, "user " + account.getUsername(), "password changed");
    }

    private static void requireWriter(Caller caller) {
        if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
    }

    /** The caller accepts the registry's terms of use (once; later calls keep the first time). */
    public void acceptTerms(Caller caller) {
        self(caller).acceptTerms(Instant.now());
    }
}
