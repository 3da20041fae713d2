package org.sregistry.collection;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.sregistry.account.Account;
import org.sregistry.catalog.CatalogListener;
import org.sregistry.registry.Ids;
import org.sregistry.team.Team;

/**
 * A role on a collection, held by an account or by a team (exactly one of the two): owners manage
 * it and push; contributors see it when private, and push when the registry allows contributors to.
 * A team's role is held by each of its members.
 */
@Entity
@EntityListeners(CatalogListener.class)
@Table(name = "collection_member")
public class CollectionMember {

    public enum Role { OWNER, CONTRIBUTOR }

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "collection_id")
    private ContainerCollection collection;

    @ManyToOne
    @JoinColumn(name = "account_id")
    private Account account;

    @ManyToOne
    @JoinColumn(name = "team_id")
    private Team team;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private Role role;

    protected CollectionMember() {}

    CollectionMember(ContainerCollection collection, Account account, Role role) {
        this.id = Ids.next();
        this.collection = collection;
        this.account = account;
        this.role = role;
    }

    CollectionMember(ContainerCollection collection, Team team, Role role) {
        this.id = Ids.next();
        this.collection = collection;
        this.team = team;
        this.role = role;
    }

    /** The account holding the role, or null when a team holds it. */
    public Account getAccount() {
        return account;
    }

    /** The team holding the role, or null when an account holds it. */
    public Team getTeam() {
        return team;
    }

    public boolean isTeam() {
        return team != null;
    }

    /** The account's username or the team's name. */
    public String getName() {
        return team != null ? team.getName() : account.getUsername();
    }

    boolean isHeldBy(String accountId) {
        return account != null && account.getId().equals(accountId);
    }

    boolean isHeldByTeam(String teamId) {
        return team != null && team.getId().equals(teamId);
    }

    public Role getRole() {
        return role;
    }

    void setRole(Role role) {
        this.role = role;
    }
}
