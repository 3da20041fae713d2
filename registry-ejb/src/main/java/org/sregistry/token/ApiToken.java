package org.sregistry.token;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.sregistry.account.Account;
import org.sregistry.registry.Ids;

/**
 * A bearer token of an account. Only the sha256 of the secret is stored: the secret is shown once,
 * when the token is created. A token may expire, may be read-only, and may be limited to listed
 * collections.
 */
@Entity
@Table(name = "api_token")
@NamedQuery(name = ApiToken.BY_HASH, query = "select t from ApiToken t join fetch t.account left join fetch t.collections"
        + " where t.secretHash = :hash")
@NamedQuery(name = ApiToken.MARK_USED, query = "update ApiToken t set t.lastUsedAt = :now"
        + " where t.id = :id and (t.lastUsedAt is null or t.lastUsedAt < :before)")
@NamedQuery(name = ApiToken.BY_ACCOUNT, query = "select t from ApiToken t where t.account = :account order by t.createdAt")
public class ApiToken {

    public static final String MARK_USED = "ApiToken.markUsed";
    public static final String BY_HASH = "ApiToken.byHash";
    public static final String BY_ACCOUNT = "ApiToken.byAccount";
    public static final int NAME_MAX = 128;

    public enum Scope { READ, WRITE }

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "account_id")
    private Account account;

    @Column(nullable = false, length = NAME_MAX)
    private String name;

    @Column(name = "secret_hash", nullable = false, unique = true, length = 64)
    private String secretHash;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 8)
    private Scope scope;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "api_token_collection", joinColumns = @JoinColumn(name = "token_id"))
    @Column(name = "collection_id", length = Ids.LENGTH)
    private Set<String> collections = new HashSet<>();

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at")
    private Instant expiresAt;

    @Column(name = "last_used_at")
    private Instant lastUsedAt;

    @Column(nullable = false)
    private boolean revoked;

    protected ApiToken() {}

    ApiToken(Account account, String name, String secretHash, Scope scope, Instant expiresAt, Set<String> collections) {
        this.id = Ids.next();
        this.account = account;
        this.name = name;
        this.secretHash = secretHash;
        this.scope = scope;
        this.expiresAt = expiresAt;
        this.createdAt = Instant.now();
        if (collections != null) {
            this.collections.addAll(collections);
        }
    }

    /** Whether the token may be used at {@code now}: not revoked, not expired, its account active. */
    public boolean isUsable(Instant now) {
        return !revoked && (expiresAt == null || now.isBefore(expiresAt)) && account.isActive();
    }

    void used(Instant now) {
        this.lastUsedAt = now;
    }

    void revoke() {
        this.revoked = true;
    }

    public String getId() {
        return id;
    }

    public Account getAccount() {
        return account;
    }

    public String getName() {
        return name;
    }

    public Scope getScope() {
        return scope;
    }

    public Set<String> getCollections() {
        return Set.copyOf(collections);
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getLastUsedAt() {
        return lastUsedAt;
    }

    public boolean isRevoked() {
        return revoked;
    }
}
