package org.sregistry.team;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.registry.Ids;

/**
 * A single-use, expiring code that lets one account join a team. Like a token, only the sha256 of
 * the code is stored: the code is shown once, to the owner who made it.
 */
@Entity
@Table(name = "team_invite")
@NamedQuery(name = TeamInvite.BY_HASH, query = "select i from TeamInvite i where i.codeHash = :hash")
public class TeamInvite {

    public static final String BY_HASH = "TeamInvite.byHash";

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "team_id")
    private Team team;

    @Column(name = "code_hash", nullable = false, unique = true, length = 64)
    private String codeHash;

    @Column(name = "created_by", nullable = false, length = 128)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "used_at")
    private Instant usedAt;

    protected TeamInvite() {}

    TeamInvite(Team team, String codeHash, String createdBy, Instant expiresAt) {
        this.id = Ids.next();
        this.team = team;
        this.codeHash = codeHash;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
        this.expiresAt = expiresAt;
    }

    /** Whether the code may still be used at {@code now}: not used before, not expired. */
    public boolean isUsable(Instant now) {
        return usedAt == null && now.isBefore(expiresAt);
    }

    void use(Instant now) {
        this.usedAt = now;
    }

    public String getId() {
        return id;
    }

    public Team getTeam() {
        return team;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }
}
