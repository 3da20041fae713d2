package org.sregistry.web.admin;

import jakarta.json.bind.annotation.JsonbProperty;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.collection.CollectionMember;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.registry.PolicySetting;
import org.sregistry.registry.RegistryException;
import org.sregistry.team.Team;
import org.sregistry.team.TeamMember;
import org.sregistry.token.ApiToken;

/** Request and response shapes of the teams, collections, settings, tokens, identity and audit APIs. */
public final class AccountsJson {

    private AccountsJson() {}

    // ---- teams ----------------------------------------------------------------------------------

    public record NewTeam(String name, String description, Boolean inviteOnly) {}

    public record NewMember(String user, String role) {}

    /** {@code ttlHours} defaults to a week. */
    public record NewInvite(Long ttlHours) {}

    public record JoinRequest(String code) {}

    public record TeamJson(String id, String name, String description, boolean inviteOnly, Instant createdAt,
            List<Member> members) {
        static TeamJson of(Team t) {
            return new TeamJson(t.getId(), t.getName(), t.getDescription(), t.isInviteOnly(), t.getCreatedAt(),
                    t.getMembers().stream().map(m -> new Member(m.getAccount().getUsername(), m.getRole().name()))
                            .sorted(Comparator.comparing(Member::user)).toList());
        }
    }

    public record Member(String user, String role) {}

    /** An invite as created: the code appears here once and never again. */
    public record InviteJson(String id, String team, Instant expiresAt, String code) {}

    // ---- collections ----------------------------------------------------------------------------

    /**
     * Fields left out (null) stay as they are. {@code signaturePolicy}: ANY, LISTED_KEYS or MEMBERS;
     * {@code signerKeys}: the fingerprints LISTED_KEYS accepts.
     */
    public record CollectionUpdate(@JsonbProperty("private") Boolean isPrivate, String description,
            String signaturePolicy, List<String> signerKeys) {}

    /** {@code user} or {@code team}, exactly one. */
    public record NewCollectionMember(String user, String team, String role) {}

    public record CollectionJson(String id, String entity, String name, String description,
            @JsonbProperty("private") boolean isPrivate,
            List<CollectionMemberJson> members, String signaturePolicy, List<String> signerKeys) {
        static CollectionJson of(ContainerCollection c) {
            return new CollectionJson(c.getId(), c.getNamespace().getName(), c.getName(), c.getDescription(),
                    c.isPrivate(), c.getMembers().stream().map(CollectionMemberJson::of)
                            .sorted(Comparator.comparing(CollectionMemberJson::kind).thenComparing(CollectionMemberJson::name))
                            .toList(), c.getSignaturePolicy().name(), c.getSignerKeys());
        }
    }

    public record CollectionMemberJson(String kind, String name, String role) {
        static CollectionMemberJson of(CollectionMember m) {
            return new CollectionMemberJson(m.isTeam() ? "team" : "user", m.getName(), m.getRole().name());
        }
    }

    // ---- settings -------------------------------------------------------------------------------

    public record SettingUpdate(String value) {}

    /** A policy, its value in force, where that comes from, and the configuration key that sets it. */
    public record SettingJson(String name, String value, String source, String configKey, String defaultValue) {
        static SettingJson of(PolicySetting.Resolved r) {
            return new SettingJson(r.setting().name(), r.value(), r.source().name().toLowerCase(Locale.ROOT),
                    r.setting().configKey(), r.setting().defaultValue());
        }
    }

    // ---- tokens and identity --------------------------------------------------------------------

    /** A token as listed: never its secret. */
    public record TokenJson(String id, String name, String scope, Set<String> collections, Instant createdAt,
            Instant expiresAt, Instant lastUsedAt, boolean revoked) {
        static TokenJson of(ApiToken t) {
            return new TokenJson(t.getId(), t.getName(), t.getScope().name(), t.getCollections(), t.getCreatedAt(),
                    t.getExpiresAt(), t.getLastUsedAt(), t.isRevoked());
        }
    }

    public record Identity(String username, String role, boolean canWrite, List<Membership> teams) {
        static Identity of(Caller caller, List<TeamMember> memberships) {
            return new Identity(caller.username(), caller.role().name(), caller.canWrite(),
                    memberships.stream().map(m -> new Membership(m.getTeam().getName(), m.getRole().name()))
                            .sorted(Comparator.comparing(Membership::team)).toList());
        }
    }

    /** A team the caller belongs to, and the caller's role there. */
    public record Membership(String team, String role) {}

    // ---- audit ----------------------------------------------------------------------------------

    public record AuditJson(String id, Instant time, String actor, String action, String target, String detail) {
        static AuditJson of(AuditEvent e) {
            return new AuditJson(e.getId(), e.getCreatedAt(), e.getActor(), e.getAction().name(), e.getTarget(),
                    e.getDetail());
        }
    }

    // ---- request helpers ------------------------------------------------------------------------

    static void require(Object body) {
        if (body == null) {
            throw RegistryException.invalid("a JSON request body is required");
        }
    }

    /** A whole-number query parameter, or INVALID naming it (JAX-RS would answer 404 for a bad one). */
    static int integer(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw RegistryException.invalid(name + " must be a whole number");
        }
    }

    static <E extends Enum<E>> E parse(Class<E> type, String what, String value, E fallback) {
        if (value == null || value.isBlank()) {
            if (fallback == null) {
                throw RegistryException.invalid(what + " is required");
            }
            return fallback;
        }
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            String shown = value.length() > 40 ? value.substring(0, 40) + "…" : value;
            throw RegistryException.invalid("unknown " + what + " '" + shown + "'");
        }
    }
}
