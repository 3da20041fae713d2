package org.sregistry.team;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.OneToOne;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sregistry.account.Account;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Ids;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/**
 * A group of accounts that owns a namespace (of kind TEAM, the team's name) the way a user owns the
 * namespace of their name. An open team lets anyone join; an invite-only team needs an invite code.
 * A team always keeps at least one owner.
 */
@Entity
@Table(name = "team")
@NamedQuery(name = Team.BY_NAME, query = "select t from Team t where t.name = :name")
@NamedQuery(name = Team.MATCHING, query = "select t from Team t where lower(t.name) like :pattern order by t.name")
@NamedQuery(name = Team.COUNT_MATCHING, query = "select count(t) from Team t where lower(t.name) like :pattern")
public class Team {

    public static final String MATCHING = "Team.matching";
    public static final String COUNT_MATCHING = "Team.countMatching";

    public static final String BY_NAME = "Team.byName";
    public static final int DESCRIPTION_MAX = 1024;

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @Column(nullable = false, unique = true, length = Names.NAME_MAX)
    private String name;

    @OneToOne(optional = false)
    @JoinColumn(name = "namespace_id")
    private Namespace namespace;

    @Column(length = DESCRIPTION_MAX)
    private String description;

    @Column(name = "invite_only", nullable = false)
    private boolean inviteOnly;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    /** In the order they joined: a page lists them, and a row clicked must be the same row on the postback. */
    @OneToMany(mappedBy = "team", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("joinedAt ASC, id ASC")
    private List<TeamMember> members = new ArrayList<>();

    protected Team() {}

    /** A team of one: its creator, as owner. The namespace must carry the same name. */
    public Team(Namespace namespace, boolean inviteOnly, Account creator) {
        this.id = Ids.next();
        this.name = Names.requireName("team", namespace.getName());
        this.namespace = namespace;
        this.inviteOnly = inviteOnly;
        this.createdAt = Instant.now();
        members.add(new TeamMember(this, creator, TeamRole.OWNER));
    }

    public Optional<TeamMember> member(String accountId) {
        return members.stream().filter(m -> m.getAccount().getId().equals(accountId)).findFirst();
    }

    public Optional<TeamRole> roleOf(String accountId) {
        return member(accountId).map(TeamMember::getRole);
    }

    /** Adds {@code account} with {@code role}, or changes the role of a present member. */
    public TeamMember put(Account account, TeamRole role) {
        Optional<TeamMember> present = member(account.getId());
        if (present.isPresent()) {
            changeRole(account.getId(), role);
            return present.get();
        }
        var member = new TeamMember(this, account, role);
        members.add(member);
        return member;
    }

    public void changeRole(String accountId, TeamRole role) {
        TeamMember member = member(accountId).orElseThrow(() -> RegistryException.notFound("not a member of team " + name));
        if (member.getRole() == TeamRole.OWNER && role != TeamRole.OWNER) {
            requireAnotherOwner(accountId);
        }
        member.setRole(role);
    }

    public void remove(String accountId) {
        TeamMember member = member(accountId).orElseThrow(() -> RegistryException.notFound("not a member of team " + name));
        if (member.getRole() == TeamRole.OWNER) {
            requireAnotherOwner(accountId);
        }
        members.remove(member);
    }

    private void requireAnotherOwner(String accountId) {
        boolean another = members.stream()
                .anyMatch(m -> m.getRole() == TeamRole.OWNER && !m.getAccount().getId().equals(accountId));
        if (!another) {
            throw RegistryException.conflict("team " + name + " must keep at least one owner");
        }
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public Namespace getNamespace() {
        return namespace;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = Names.clip(description, DESCRIPTION_MAX);
    }

    public boolean isInviteOnly() {
        return inviteOnly;
    }

    public void setInviteOnly(boolean inviteOnly) {
        this.inviteOnly = inviteOnly;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public List<TeamMember> getMembers() {
        return List.copyOf(members);
    }
}
