package org.sregistry.collection;

import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.catalog.CatalogListener;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Ids;
import org.sregistry.registry.Names;
import org.sregistry.signature.SignaturePolicy;
import org.sregistry.team.Team;
import org.sregistry.team.TeamRole;

/**
 * A collection of containers inside a namespace, the unit of privacy and of membership. A private
 * collection is invisible to all but its members and staff: for anyone else it does not exist.
 */
@Entity
@EntityListeners(CatalogListener.class)
@Table(name = "collection")
@NamedQuery(name = ContainerCollection.BY_NAME,
        query = "select c from ContainerCollection c where c.namespace = :namespace and c.name = :name")
@NamedQuery(name = ContainerCollection.IN_NAMESPACE,
        query = "select c from ContainerCollection c where c.namespace = :namespace order by c.name")
@NamedQuery(name = ContainerCollection.COUNT_IN_NAMESPACE,
        query = "select count(c) from ContainerCollection c where c.namespace = :namespace")
@NamedQuery(name = ContainerCollection.OF_ACCOUNT,
        query = "select c from ContainerCollection c join c.namespace n left join n.owner o where o.id = :accountId"
                + " or n.teamId in (select tm.team.id from TeamMember tm where tm.account.id = :accountId)"
                + " or exists (select m from CollectionMember m left join m.account ma left join m.team mt"
                + " where m.collection = c and (ma.id = :accountId"
                + " or mt.id in (select tm2.team.id from TeamMember tm2 where tm2.account.id = :accountId)))"
                + " order by n.name, c.name")
@NamedQuery(name = ContainerCollection.MATCHING, query = "select c from ContainerCollection c join c.namespace n"
        + " where lower(concat(n.name, '/', c.name)) like :pattern order by n.name, c.name")
@NamedQuery(name = ContainerCollection.COUNT_MATCHING, query = "select count(c) from ContainerCollection c"
        + " where lower(concat(c.namespace.name, '/', c.name)) like :pattern")
public class ContainerCollection {

    public static final String MATCHING = "ContainerCollection.matching";
    public static final String COUNT_MATCHING = "ContainerCollection.countMatching";

    public static final String BY_NAME = "ContainerCollection.byName";
    public static final String IN_NAMESPACE = "ContainerCollection.inNamespace";
    public static final String OF_ACCOUNT = "ContainerCollection.ofAccount";
    public static final String COUNT_IN_NAMESPACE = "ContainerCollection.countInNamespace";
    public static final int DESCRIPTION_MAX = 1024;

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "namespace_id")
    private Namespace namespace;

    @Column(nullable = false, length = Names.NAME_MAX)
    private String name;

    @Column(length = DESCRIPTION_MAX)
    private String description;

    @Column(name = "is_private", nullable = false)
    private boolean privateCollection;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** Pulls of every image of the collection; counted by {@code DownloadService} in SQL, never here. */
    @Column(name = "download_count", nullable = false)
    private long downloadCount;

    @Column(name = "week_pulls", nullable = false)
    private long weekPulls;

    @Column(name = "pulls_week")
    private LocalDate pullsWeek;

    /** Pulls allowed per week; null: no limit. */
    @Column(name = "pull_limit")
    private Long pullLimit;

    @OneToMany(mappedBy = "collection", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<CollectionMember> members = new ArrayList<>();

    /** Which images may be tagged here, by their signatures (docs/signatures.md). */
    @Enumerated(EnumType.STRING)
    @Column(name = "signature_policy", nullable = false, length = 16)
    private SignaturePolicy signaturePolicy = SignaturePolicy.ANY;

    /** The key fingerprints (40 hex, upper case) whose signatures LISTED_KEYS accepts. */
    @ElementCollection
    @CollectionTable(name = "collection_signer_key", joinColumns = @JoinColumn(name = "collection_id"))
    @Column(name = "fingerprint", length = 40)
    private Set<String> signerKeys = new TreeSet<>();

    protected ContainerCollection() {}

    public ContainerCollection(Namespace namespace, String name, boolean privateCollection, Account creator) {
        this.id = Ids.next();
        this.namespace = namespace;
        this.name = Names.requireName("collection", name);
        this.privateCollection = privateCollection;
        this.createdAt = Instant.now();
        this.updatedAt = createdAt;
        if (creator != null) {
            members.add(new CollectionMember(this, creator, CollectionMember.Role.OWNER));
        }
    }

    /**
     * The caller's strongest role here: owner of the namespace (a user's own, or a team's for the
     * team's owners), a member in person, or through a team that is a member. Members of a team that
     * are not its owners see the collections of the team's namespace (as contributors).
     */
    public Optional<CollectionMember.Role> roleOf(Caller caller) {
        if (caller.isAnonymous()) {
            return Optional.empty();
        }
        if (namespace.isOwnedBy(caller.accountId())) {
            return Optional.of(CollectionMember.Role.OWNER);
        }
        Optional<TeamRole> inNamespaceTeam = caller.teamRole(namespace.getTeamId());
        if (inNamespaceTeam.filter(r -> r == TeamRole.OWNER).isPresent()) {
            return Optional.of(CollectionMember.Role.OWNER);
        }
        Optional<CollectionMember.Role> best = inNamespaceTeam.map(r -> CollectionMember.Role.CONTRIBUTOR);
        for (CollectionMember m : members) {
            boolean holds = m.isHeldBy(caller.accountId())
                    || (m.isTeam() && caller.teamRole(m.getTeam().getId()).isPresent());
            if (holds && (best.isEmpty() || m.getRole() == CollectionMember.Role.OWNER)) {
                best = Optional.of(m.getRole());
            }
        }
        return best;
    }

    /** Gives {@code account} the role (adding or changing its membership). */
    public CollectionMember put(Account account, CollectionMember.Role role) {
        Optional<CollectionMember> present = members.stream().filter(m -> m.isHeldBy(account.getId())).findFirst();
        present.ifPresent(m -> m.setRole(role));
        return present.orElseGet(() -> add(new CollectionMember(this, account, role)));
    }

    /** Gives {@code team} the role (adding or changing its membership). */
    public CollectionMember put(Team team, CollectionMember.Role role) {
        Optional<CollectionMember> present = members.stream().filter(m -> m.isHeldByTeam(team.getId())).findFirst();
        present.ifPresent(m -> m.setRole(role));
        return present.orElseGet(() -> add(new CollectionMember(this, team, role)));
    }

    /** Removes the account's or team's membership; false when there was none. */
    public boolean removeMember(String accountId, String teamId) {
        return members.removeIf(m -> (accountId != null && m.isHeldBy(accountId)) || (teamId != null && m.isHeldByTeam(teamId)));
    }

    private CollectionMember add(CollectionMember member) {
        members.add(member);
        return member;
    }

    public void touch() {
        this.updatedAt = Instant.now();
    }

    /**
     * Moves the collection, with its containers, images and tags, to another namespace (an account
     * handing its collections to a team when it is deleted); the caller checks that the name is free there.
     */
    public void moveTo(Namespace target) {
        this.namespace = target;
        touch();
    }

    public String getId() {
        return id;
    }

    public Namespace getNamespace() {
        return namespace;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = Names.clip(description, DESCRIPTION_MAX);
    }

    public boolean isPrivate() {
        return privateCollection;
    }

    public void setPrivate(boolean privateCollection) {
        this.privateCollection = privateCollection;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public long getDownloadCount() {
        return downloadCount;
    }

    /** Pulls counted in {@code week} (0 when the counter still holds an earlier week's). */
    public long pullsIn(LocalDate week) {
        return week.equals(pullsWeek) ? weekPulls : 0;
    }

    public Long getPullLimit() {
        return pullLimit;
    }

    public void setPullLimit(Long pullLimit) {
        this.pullLimit = pullLimit;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public List<CollectionMember> getMembers() {
        return List.copyOf(members);
    }

    public SignaturePolicy getSignaturePolicy() {
        return signaturePolicy;
    }

    /** The listed signer fingerprints, sorted. */
    public List<String> getSignerKeys() {
        return List.copyOf(new TreeSet<>(signerKeys));
    }

    /** Sets the signature policy and the listed fingerprints (already normalised: 40 hex, upper case). */
    public void setSignaturePolicy(SignaturePolicy policy, Set<String> fingerprints) {
        this.signaturePolicy = policy;
        this.signerKeys.clear();
        this.signerKeys.addAll(fingerprints);
    }
}
