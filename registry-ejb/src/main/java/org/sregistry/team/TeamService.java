package org.sregistry.team;

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
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.sregistry.account.Account;
import org.sregistry.account.AccountService;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.namespace.Namespace;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.Names;
import org.sregistry.registry.Paging;
import org.sregistry.registry.RegistryException;
import org.sregistry.token.CallerCache;

/**
 * Creates teams and manages their members and invites. Team owners manage their team, staff manage
 * all; anyone may join an open team, and an invite-only team with a valid invite code.
 */
@Stateless
public class TeamService {

    /** How long an invite stays valid unless its maker says otherwise, and the longest allowed. */
    public static final Duration INVITE_TTL = Duration.ofDays(7);
    public static final Duration INVITE_TTL_MAX = Duration.ofDays(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    @PersistenceContext
    EntityManager em;

    @Inject
    NamespaceService namespaces;

    @Inject
    CallerCache callers;

    @Inject
    AccountService accounts;

    @Inject
    AuditService audit;

    /** An invite just made: the code is returned here and never again. */
    public record Invite(TeamInvite invite, String code) {}

    public Optional<Team> find(String name) {
        if (!Names.isName(name)) {
            return Optional.empty();
        }
        return em.createNamedQuery(Team.BY_NAME, Team.class).setParameter("name", name).getResultStream().findFirst();
    }

    public Team get(String name) {
        Names.requireName("team", name);
        return find(name).orElseThrow(() -> RegistryException.notFound("team " + name + " not found"));
    }

    /**
     * Creates team {@code name} with its namespace of the same name; the creator becomes its owner.
     * The name must be free among users, teams and namespaces, since they share one name space.
     */
    public Team create(Caller caller, String name, String description, boolean inviteOnly) {
        requireAuthenticatedWriter(caller);
        Names.requireName("team", name);
        if (accounts.find(name).isPresent() || namespaces.find(name).isPresent() || find(name).isPresent()) {
            throw RegistryException.conflict("the name " + name + " is taken");
        }
        var namespace = new Namespace(name, Namespace.Kind.TEAM, null);
        namespace.setDescription(description);
        em.persist(namespace);
        var team = new Team(namespace, inviteOnly, em.find(Account.class, caller.accountId()));
        team.setDescription(description);
        namespace.ownedByTeam(team.getId());
        em.persist(team);
        callers.changed();
        audit.record(caller, AuditEvent.Action.TEAM, name, "created (" + (inviteOnly ? "invite-only" : "open") + ")");
        return team;
    }

    /** Teams whose name contains {@code filter} (all when blank), by name, a page at a time (staff only). */
    public List<Team> list(Caller caller, String filter, int offset, int limit) {
        Permissions.requireStaff(caller);
        Paging.check(offset, limit);
        return em.createNamedQuery(Team.MATCHING, Team.class).setParameter("pattern", Paging.pattern(filter))
                .setFirstResult(offset).setMaxResults(limit).getResultList();
    }

    public long count(Caller caller, String filter) {
        Permissions.requireStaff(caller);
        return em.createNamedQuery(Team.COUNT_MATCHING, Long.class).setParameter("pattern", Paging.pattern(filter))
                .getSingleResult();
    }

    /**
     * Staff delete a team with its members, invites and roles on collections, and its namespace. A
     * team whose namespace still holds collections is refused: those are deleted (or moved) first.
     */
    public void delete(Caller caller, String name) {
        Permissions.requireStaff(caller);
        Team team = get(name);
        long collections = em.createNamedQuery(ContainerCollection.COUNT_IN_NAMESPACE, Long.class)
                .setParameter("namespace", team.getNamespace()).getSingleResult();
        if (collections > 0) {
            throw RegistryException.conflict("team " + name + " still has " + collections
                    + " collection(s) in its namespace: delete them first");
        }
        em.createQuery("delete from CollectionMember m where m.team = :team").setParameter("team", team).executeUpdate();
        em.createQuery("delete from TeamInvite i where i.team = :team").setParameter("team", team).executeUpdate();
        Namespace namespace = team.getNamespace();
        em.remove(team);
        em.flush();
        em.remove(namespace);
        callers.changed();
        audit.record(caller, AuditEvent.Action.TEAM, name, "deleted");
    }

    /** The team as its members and staff see it; an outsider sees open teams only. */
    public Team view(Caller caller, String name) {
        Team team = get(name);
        if (team.isInviteOnly() && !caller.isStaff() && (caller.isAnonymous() || team.roleOf(caller.accountId()).isEmpty())) {
            throw RegistryException.notFound("team " + name + " not found");
        }
        return team;
    }

    /** Adds a user with {@code role} or changes a member's role; owners keep at least one owner. */
    public Team putMember(Caller caller, String name, String username, TeamRole role) {
        Team team = get(name);
        Permissions.requireManage(caller, team);
        Account account = accounts.get(username);
        team.put(account, role == null ? TeamRole.MEMBER : role);
        callers.changed();
        audit.record(caller, AuditEvent.Action.TEAM, name, username + " is " + (role == null ? TeamRole.MEMBER : role));
        return team;
    }

    /** Removes a member: owners and staff remove anyone, a member removes themselves (leaving). */
    public Team removeMember(Caller caller, String name, String username) {
        Team team = get(name);
        if (caller.isAnonymous() || !username.equals(caller.username())) {
            Permissions.requireManage(caller, team);
        } else if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
        Account account = accounts.get(username);
        team.remove(account.getId());
        callers.changed();
        audit.record(caller, AuditEvent.Action.TEAM, name, username + " removed");
        return team;
    }

    /** A member leaves the team (the last owner may not). */
    public Team leave(Caller caller, String name) {
        requireAuthenticatedWriter(caller);
        return removeMember(caller, name, caller.username());
    }

    /** An owner makes a single-use invite code valid for {@code ttl} (default seven days). */
    public Invite invite(Caller caller, String name, Duration ttl) {
        Team team = get(name);
        Permissions.requireManage(caller, team);
        Duration validity = ttl == null ? INVITE_TTL : ttl;
        if (validity.isNegative() || validity.isZero() || validity.compareTo(INVITE_TTL_MAX) > 0) {
            throw RegistryException.invalid("an invite is valid for more than 0 seconds and at most " + INVITE_TTL_MAX.toDays() + " days");
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String code = HexFormat.of().formatHex(bytes);
        var invite = new TeamInvite(team, hash(code), caller.username(), Instant.now().plus(validity));
        em.persist(invite);
        audit.record(caller, AuditEvent.Action.TEAM, name, "invite created, valid until " + invite.getExpiresAt());
        return new Invite(invite, code);
    }

    /**
     * The caller joins team {@code name} as a member: an open team without a code, an invite-only
     * team with an unused, unexpired code of that team (the code is then spent).
     */
    public Team join(Caller caller, String name, String code) {
        requireAuthenticatedWriter(caller);
        Team team = get(name);
        if (team.roleOf(caller.accountId()).isPresent()) {
            return team;
        }
        if (team.isInviteOnly() || (code != null && !code.isBlank())) {
            Instant now = Instant.now();
            TeamInvite invite = code == null || code.isBlank() || code.length() > 128 ? null
                    : em.createNamedQuery(TeamInvite.BY_HASH, TeamInvite.class).setParameter("hash", hash(code.trim()))
                            .getResultStream().findFirst().orElse(null);
            if (invite == null || !invite.getTeam().getId().equals(team.getId()) || !invite.isUsable(now)) {
                throw RegistryException.forbidden("the invite code is not valid for team " + name
                        + " (unknown, used or expired)");
            }
            invite.use(now);
        }
        team.put(em.find(Account.class, caller.accountId()), TeamRole.MEMBER);
        callers.changed();
        audit.record(caller, AuditEvent.Action.TEAM, name, caller.username() + " joined");
        return team;
    }

    /** The teams of an account and its role in each, by team id: what a Caller carries. */
    public Map<String, TeamRole> rolesOf(String accountId) {
        // ids and roles only: asked on every authenticated request, so no team is loaded
        return em.createQuery("select m.team.id, m.role from TeamMember m where m.account.id = :accountId", Object[].class)
                .setParameter("accountId", accountId).getResultStream()
                .collect(Collectors.toMap(r -> (String) r[0], r -> (TeamRole) r[1]));
    }

    /** The teams of an account, for showing; by name. */
    public List<TeamMember> membershipsOf(String accountId) {
        return em.createNamedQuery(TeamMember.OF_ACCOUNT, TeamMember.class).setParameter("accountId", accountId)
                .getResultList();
    }

    private static void requireAuthenticatedWriter(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
    }

    static String hash(String code) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
