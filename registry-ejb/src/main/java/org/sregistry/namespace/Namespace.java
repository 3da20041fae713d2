package org.sregistry.namespace;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.account.Account;
import org.sregistry.catalog.CatalogListener;
import org.sregistry.registry.Ids;
import org.sregistry.registry.Names;

/**
 * A namespace, the library API's "entity": the first part of {@code entity/collection/container}.
 * Every user has one of their name; teams have one; {@code library} is reserved for short refs.
 * A namespace may carry a storage quota; none means unlimited.
 */
@Entity
@EntityListeners(CatalogListener.class)
@Table(name = "namespace")
@NamedQuery(name = Namespace.BY_NAME, query = "select n from Namespace n where n.name = :name")
@NamedQuery(name = Namespace.SEARCH, query = "select n from Namespace n where n.name like :pattern order by n.name")
public class Namespace {

    public static final String BY_NAME = "Namespace.byName";
    public static final String SEARCH = "Namespace.search";
    public static final int DESCRIPTION_MAX = 1024;

    public enum Kind { USER, TEAM, LIBRARY }

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @Column(nullable = false, unique = true, length = Names.NAME_MAX)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Kind kind;

    @ManyToOne(fetch = FetchType.LAZY)
    @JoinColumn(name = "owner_id")
    private Account owner;

    @Column(length = DESCRIPTION_MAX)
    private String description;

    @Column(name = "quota_bytes")
    private Long quotaBytes;

    @Column(name = "default_private", nullable = false)
    private boolean defaultPrivate;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** The team that owns a TEAM namespace (its members act here by their team role), else null. */
    @Column(name = "team_id", length = Ids.LENGTH)
    private String teamId;

    protected Namespace() {}

    public Namespace(String name, Kind kind, Account owner) {
        this.id = Ids.next();
        this.name = Names.requireName("entity", name);
        this.kind = kind;
        this.owner = owner;
        this.createdAt = Instant.now();
    }

    public boolean isOwnedBy(String accountId) {
        return owner != null && owner.getId().equals(accountId);
    }

    /** Hands a TEAM namespace to its team, once, when the team is created. */
    public void ownedByTeam(String teamId) {
        if (kind != Kind.TEAM || this.teamId != null) {
            throw new IllegalStateException("only a new team namespace is given to a team");
        }
        this.teamId = teamId;
    }

    public String getTeamId() {
        return teamId;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Kind getKind() {
        return kind;
    }

    public Account getOwner() {
        return owner;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = Names.clip(description, DESCRIPTION_MAX);
    }

    /** The storage quota in bytes, or null when unlimited. */
    public Long getQuotaBytes() {
        return quotaBytes;
    }

    public void setQuotaBytes(Long quotaBytes) {
        this.quotaBytes = quotaBytes;
    }

    public boolean isDefaultPrivate() {
        return defaultPrivate;
    }

    public void setDefaultPrivate(boolean defaultPrivate) {
        this.defaultPrivate = defaultPrivate;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }
}
