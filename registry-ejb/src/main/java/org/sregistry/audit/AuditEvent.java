package org.sregistry.audit;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.registry.Ids;

/**
 * One line of the audit log. It names its actor and target as text, not by reference, so the line
 * outlives the account, image or team it speaks of.
 */
@Entity
@Table(name = "audit_event")
public class AuditEvent {

    public static final int TARGET_MAX = 512;
    public static final int DETAIL_MAX = 1024;

    public enum Action { PUSH, DELETE, TAG, PERMISSION, TOKEN_CREATE, TOKEN_REVOKE, SETTING, TEAM, LOGIN, LOGIN_FAILED, ACCOUNT,
        SHARE_CREATE, SHARE_REVOKE }

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(length = 128)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 32)
    private Action action;

    @Column(nullable = false, length = TARGET_MAX)
    private String target;

    @Column(length = DETAIL_MAX)
    private String detail;

    protected AuditEvent() {}

    /** @param actor the username, or null when nobody authenticated (a system job) */
    public AuditEvent(String actor, Action action, String target, String detail) {
        this.id = Ids.next();
        this.createdAt = Instant.now();
        this.actor = actor;
        this.action = action;
        this.target = cut(target == null ? "" : target, TARGET_MAX);
        this.detail = detail == null ? null : cut(detail, DETAIL_MAX);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    public String getId() {
        return id;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public String getActor() {
        return actor;
    }

    public Action getAction() {
        return action;
    }

    public String getTarget() {
        return target;
    }

    public String getDetail() {
        return detail;
    }
}
