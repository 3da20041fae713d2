package org.sregistry.team;

import jakarta.persistence.Column;
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
import org.sregistry.account.Account;
import org.sregistry.registry.Ids;

/** An account's membership of a team, with its role there. */
@Entity
@Table(name = "team_member")
@NamedQuery(name = TeamMember.OF_ACCOUNT,
        query = "select m from TeamMember m join fetch m.team where m.account.id = :accountId order by m.team.name")
public class TeamMember {

    public static final String OF_ACCOUNT = "TeamMember.ofAccount";

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "team_id")
    private Team team;

    @ManyToOne(optional = false)
    @JoinColumn(name = "account_id")
    private Account account;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private TeamRole role;

    @Column(name = "joined_at", nullable = false)
    private Instant joinedAt;

    protected TeamMember() {}

    TeamMember(Team team, Account account, TeamRole role) {
        this.id = Ids.next();
        this.team = team;
        this.account = account;
        this.role = role;
        this.joinedAt = Instant.now();
    }

    public Team getTeam() {
        return team;
    }

    public Account getAccount() {
        return account;
    }

    public TeamRole getRole() {
        return role;
    }

    void setRole(TeamRole role) {
        this.role = role;
    }

    public Instant getJoinedAt() {
        return joinedAt;
    }
}
