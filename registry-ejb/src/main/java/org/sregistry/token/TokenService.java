package org.sregistry.token;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.Permissions;
import org.sregistry.registry.RegistryException;
import org.sregistry.registry.RegistryPolicy;
import org.sregistry.team.TeamService;

/**
 * Issues, checks and revokes API tokens. Tokens carry 256 random bits, so a plain sha256 of the
 * secret is a safe lookup key: no slow hash is needed on every request.
 */
@Stateless
public class TokenService {

    private static final System.Logger LOG = System.getLogger(TokenService.class.getName());

    static final String PREFIX = "sreg_";
    /** last_used_at is written at most this often, so busy tokens do not write on every request. */
    private static final Duration LAST_USED_GRANULARITY = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    TeamService teams;

    @Inject
    TokenUsage usage;

    @Inject
    RegistryPolicy policy;

    @Inject
    AuditService audit;

    @Inject
    CallerCache callers;

    /** A token just created: the secret is returned here and never again. */
    public record Issued(ApiToken token, String secret) {}

    public Issued issue(Account account, String name, ApiToken.Scope scope, Instant expiresAt, Set<String> collections) {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return register(account, name, PREFIX + HexFormat.of().formatHex(bytes), scope, expiresAt, collections);
    }

    /** Issues a token for {@code account}: staff for anyone, users for themselves. */
    public Issued issue(Caller caller, Account account, String name, ApiToken.Scope scope, Instant expiresAt,
            Set<String> collections) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        if (!caller.accountId().equals(account.getId())) {
            Permissions.requireStaff(caller);
        }
        if (!caller.canWrite()) {
            // a read-only token must not mint itself a read-write one
            throw RegistryException.forbidden("the token is read-only");
        }
        if (name == null || name.isBlank() || name.length() > ApiToken.NAME_MAX) {
            throw RegistryException.invalid("a token needs a name of at most " + ApiToken.NAME_MAX + " characters");
        }
        if (expiresAt != null && expiresAt.isBefore(Instant.now())) {
            throw RegistryException.invalid("the expiry is in the past");
        }
        Issued issued = issue(account, name, scope == null ? ApiToken.Scope.WRITE : scope, expiresAt, collections);
        audit.record(caller, AuditEvent.Action.TOKEN_CREATE, account.getUsername(),
                "token " + issued.token().getId() + " '" + name + "' " + issued.token().getScope()
                        + (expiresAt == null ? "" : " until " + expiresAt));
        return issued;
    }

    /** Registers a secret chosen by the operator (e.g. REGISTRY_ADMIN_TOKEN), unless it is already known. */
    public Issued register(Account account, String name, String secret, ApiToken.Scope scope, Instant expiresAt,
            Set<String> collections) {
        Optional<ApiToken> existing = findBySecret(secret);
        if (existing.isPresent()) {
            return new Issued(existing.get(), secret);
        }
        var token = new ApiToken(em.merge(account), name, hashOf(secret), scope, expiresAt, collections);
        em.persist(token);
        return new Issued(token, secret);
    }

    /**
     * The caller a presented secret stands for, if it is a usable token; records its use. The
     * caller carries the account's team roles and the contributors-may-push policy as they are now.
     * Read from the database and then remembered ({@link CallerCache}); the identity store asks the
     * cache first, so a remembered token costs no transaction.
     */
    public Optional<Caller> authenticate(String secret) {
        if (secret == null || secret.isBlank() || secret.length() > 512) {
            return Optional.empty();
        }
        String hash = hashOf(secret);
        CallerCache.Ticket ticket = callers.ticket();
        Instant now = Instant.now();
        return findByHash(hash).filter(t -> t.isUsable(now)).map(t -> {
            if (t.getLastUsedAt() == null || t.getLastUsedAt().isBefore(now.minus(LAST_USED_GRANULARITY))) {
                recordUse(t, now);
            }
            Caller caller = Caller.of(t.getAccount(), t.getScope() == ApiToken.Scope.WRITE, t.getCollections(),
                    teams.rolesOf(t.getAccount().getId()), policy.current().contributorsMayPush());
            callers.put(hash, ticket, caller, t.getExpiresAt());
            return caller;
        });
    }

    /** Best effort: a busy database may skip a last-used time, it never fails the request. */
    private void recordUse(ApiToken token, Instant now) {
        try {
            usage.record(token.getId(), now, now.minus(LAST_USED_GRANULARITY));
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "last use of token {0} not recorded: {1}", token.getId(), e.toString());
        }
    }

    public List<ApiToken> tokensOf(Account account) {
        return em.createNamedQuery(ApiToken.BY_ACCOUNT, ApiToken.class).setParameter("account", account).getResultList();
    }

    /** The caller's own tokens (secrets are never shown again). */
    public List<ApiToken> tokensOf(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        return tokensOf(em.find(Account.class, caller.accountId()));
    }

    /**
     * Revokes a token of the caller's (staff: anyone's); it fails from the next request on. A token
     * of someone else is answered as missing, so token ids cannot be probed.
     */
    public ApiToken revoke(Caller caller, String tokenId) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        ApiToken token = tokenId == null ? null : em.find(ApiToken.class, tokenId);
        if (token == null || (!token.getAccount().getId().equals(caller.accountId()) && !caller.isStaff())) {
            throw RegistryException.notFound("token " + tokenId + " not found");
        }
        if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
        if (!token.isRevoked()) {
            token.revoke();
            callers.changed();
            audit.record(caller, AuditEvent.Action.TOKEN_REVOKE, token.getAccount().getUsername(),
                    "token " + token.getId() + " '" + token.getName() + "'");
        }
        return token;
    }

    public void revoke(String tokenId) {
        ApiToken token = em.find(ApiToken.class, tokenId);
        if (token != null) {
            token.revoke();
            callers.changed();
        }
    }

    private Optional<ApiToken> findBySecret(String secret) {
        return findByHash(hashOf(secret));
    }

    private Optional<ApiToken> findByHash(String hash) {
        return em.createNamedQuery(ApiToken.BY_HASH, ApiToken.class).setParameter("hash", hash).getResultStream().findFirst();
    }

    /** The sha256 of a token's secret (hex): what is stored, and what the token is looked up and remembered by. */
    public static String hashOf(String secret) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
