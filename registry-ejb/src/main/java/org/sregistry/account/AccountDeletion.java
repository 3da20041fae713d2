package org.sregistry.account;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.CollectionMember;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;
import org.sregistry.team.Team;
import org.sregistry.team.TeamMember;
import org.sregistry.team.TeamRole;
import org.sregistry.team.TeamService;
import org.sregistry.token.CallerCache;

/**
 * A person deletes their own account (docs/accounts.md, "Deleting your account"). In one transaction,
 * so a refusal or a failure anywhere leaves everything as it was:
 * <ul>
 * <li>the collections the account owns (those of its namespace, and those where it is the only
 * owner) move to the namespace of a team it belongs to, or are deleted with their images (the bytes
 * are released after the commit, as every delete path does);</li>
 * <li>its tokens are revoked, its memberships of teams and collections and its stars removed, the
 * share links it made elsewhere revoked;</li>
 * <li>the account is deactivated (so its sessions and tokens fail from the next request on and no
 * login succeeds) and its password, display name and e-mail address are erased. The row and its
 * namespace stay, empty, so the name is never handed to someone else;</li>
 * <li>the keys it added to the keystore stay published (signatures made with them keep verifying,
 * transferred images included); staff may revoke them.</li>
 * </ul>
 */
@Stateless
public class AccountDeletion {

    /** What happens to the collections the account owns. */
    public enum Collections { TRANSFER, DELETE }

    /** What a deletion did, for the answer and the audit line. */
    public record Outcome(String username, List<String> transferred, List<String> deleted, String team, int tokensRevoked,
            int shareLinksRevoked) {}

    @PersistenceContext
    EntityManager em;

    @Inject
    CollectionService collections;

    @Inject
    CallerCache callers;

    @Inject
    TeamService teams;

    @Inject
    AuditService audit;

    /**
     * Deletes the caller's account. {@code confirm} must be the caller's username; {@code choice}
     * says what happens to owned collections (required when there are any); {@code teamName} names
     * the team that receives them on a transfer.
     */
    public Outcome delete(Caller caller, String confirm, Collections choice, String teamName) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
        if (!caller.collections().isEmpty()) {
            throw RegistryException.forbidden("a token limited to some collections may not delete its account");
        }
        if (confirm == null || !confirm.strip().equals(caller.username())) {
            throw RegistryException.invalid("to delete your account, confirm with your username ('confirm': '"
                    + caller.username() + "')");
        }
        Account account = em.find(Account.class, caller.accountId(), LockModeType.PESSIMISTIC_WRITE);
        requireAnotherAdministrator(account);

        List<ContainerCollection> owned = ownedBy(account);
        List<String> paths = owned.stream().map(AccountDeletion::path).toList();
        if (!owned.isEmpty() && choice == null) {
            throw RegistryException.invalid("you own " + owned.size() + " collection(s) (" + String.join(", ", paths)
                    + "): say whether they are transferred to a team ('collections': 'transfer', 'team': ...) or deleted"
                    + " ('collections': 'delete')");
        }
        List<TeamMember> memberships = teams.membershipsOf(account.getId());
        for (TeamMember m : memberships) {
            Team team = m.getTeam();
            boolean anotherOwner = team.getMembers().stream().anyMatch(o -> o.getRole() == TeamRole.OWNER
                    && !o.getAccount().getId().equals(account.getId()) && o.getAccount().isActive());
            if (m.getRole() == TeamRole.OWNER && !anotherOwner) {
                throw RegistryException.conflict("you are the last owner of team " + team.getName()
                        + ": make another member an owner first (or ask an administrator to delete the team)");
            }
        }
        Team target = null;
        if (choice == Collections.TRANSFER && !owned.isEmpty()) {
            target = transferTarget(account, teamName, memberships, owned);
        }

        List<String> transferred = new ArrayList<>();
        List<String> deleted = new ArrayList<>();
        for (ContainerCollection collection : owned) {
            String path = path(collection);
            if (target != null) {
                collection.moveTo(target.getNamespace());
                collection.removeMember(account.getId(), null);
                String moved = target.getName() + "/" + collection.getName();
                audit.record(caller, AuditEvent.Action.ACCOUNT, path, "moved to " + moved + " (account deleted)");
                transferred.add(moved);
            } else {
                collections.delete(caller, collection.getNamespace().getName(), collection.getName());
                deleted.add(path);
            }
        }
        em.flush();

        // every remaining trace of the account's roles, and its personal data
        for (ContainerCollection c : em.createQuery("select m.collection from CollectionMember m where m.account = :account",
                ContainerCollection.class).setParameter("account", account).getResultList()) {
            c.removeMember(account.getId(), null);
        }
        for (TeamMember m : memberships) {
            m.getTeam().remove(account.getId());
        }
        em.createQuery("delete from Star s where s.account = :account").setParameter("account", account).executeUpdate();
        int tokens = em.createQuery("update ApiToken t set t.revoked = true where t.account = :account and t.revoked = false")
                .setParameter("account", account).executeUpdate();
        callers.changed();
        int links = em.createQuery("update ShareLink s set s.revokedAt = :now where s.createdBy = :username and s.revokedAt is null")
                .setParameter("now", Instant.now()).setParameter("username", account.getUsername()).executeUpdate();
        account.setActive(false);
        account.setPasswordHash(null);
        account.setDisplayName(null);
        account.setEmail(null);
        audit.record(caller, AuditEvent.Action.ACCOUNT, "user " + account.getUsername(), Names.clip("deleted by its owner: "
                + (target != null ? owned.size() + " collection(s) moved to team " + target.getName()
                        : deleted.size() + " collection(s) deleted")
                + ", " + tokens + " token(s) and " + links + " share link(s) revoked, "
                + memberships.size() + " team membership(s) ended", 1000));
        return new Outcome(account.getUsername(), transferred, deleted, target == null ? null : target.getName(), tokens, links);
    }

    /**
     * The collections the account owns: every one of its namespace, and those elsewhere where it holds
     * the only owner role (no other owner in person or through a team, no owner of the namespace).
     */
    public List<ContainerCollection> ownedBy(Account account) {
        Map<String, ContainerCollection> owned = new LinkedHashMap<>();
        em.createQuery("select c from ContainerCollection c where c.namespace.owner = :account order by c.name",
                ContainerCollection.class).setParameter("account", account).getResultList()
                .forEach(c -> owned.put(c.getId(), c));
        List<ContainerCollection> held = em.createQuery("select m.collection from CollectionMember m where m.account = :account"
                + " and m.role = :owner", ContainerCollection.class).setParameter("account", account)
                .setParameter("owner", CollectionMember.Role.OWNER).getResultList();
        for (ContainerCollection c : held) {
            Namespace ns = c.getNamespace();
            boolean namespaceOwned = (ns.getOwner() != null && !ns.getOwner().getId().equals(account.getId())
                    && ns.getOwner().isActive()) || ns.getTeamId() != null;
            boolean otherOwner = c.getMembers().stream().anyMatch(m -> m.getRole() == CollectionMember.Role.OWNER
                    && (m.isTeam() || (!m.getAccount().getId().equals(account.getId()) && m.getAccount().isActive())));
            if (!namespaceOwned && !otherOwner) {
                owned.putIfAbsent(c.getId(), c);
            }
        }
        return List.copyOf(owned.values());
    }

    /** The team that receives the collections: one the account belongs to, with every name free in its namespace. */
    private Team transferTarget(Account account, String teamName, List<TeamMember> memberships, List<ContainerCollection> owned) {
        if (teamName == null || teamName.isBlank()) {
            throw RegistryException.invalid("a transfer needs the team that receives the collections ('team': ...)");
        }
        Team team = memberships.stream().map(TeamMember::getTeam).filter(t -> t.getName().equals(teamName.strip()))
                .findFirst().orElseThrow(() -> RegistryException.invalid("you are not a member of a team '"
                        + Names.clip(teamName, 64) + "': collections go only to a team of yours"));
        Namespace namespace = team.getNamespace();
        em.refresh(namespace, LockModeType.PESSIMISTIC_WRITE); // no collection of a clashing name appears meanwhile
        Set<String> taken = new HashSet<>(em.createQuery("select c.name from ContainerCollection c where c.namespace = :namespace",
                String.class).setParameter("namespace", namespace).getResultList());
        List<String> clashes = new ArrayList<>();
        for (ContainerCollection c : owned) {
            if (!c.getNamespace().getId().equals(namespace.getId()) && !taken.add(c.getName())) {
                clashes.add(path(c));
            }
        }
        if (!clashes.isEmpty()) {
            throw RegistryException.conflict("team " + team.getName() + " already has a collection named like "
                    + String.join(", ", clashes) + ": rename or delete " + (clashes.size() == 1 ? "it" : "them")
                    + " first; nothing was changed");
        }
        return team;
    }

    /** Nobody deletes the registry's last active administrator (the last superuser, for a superuser). */
    private void requireAnotherAdministrator(Account account) {
        if (!account.getRole().isStaff()) {
            return;
        }
        List<Role> roles = account.getRole() == Role.SUPERUSER ? List.of(Role.SUPERUSER) : List.of(Role.ADMIN, Role.SUPERUSER);
        long others = em.createQuery("select count(a) from Account a where a.active = true and a.service = false"
                + " and a.role in :roles and a.id <> :id", Long.class).setParameter("roles", roles)
                .setParameter("id", account.getId()).getSingleResult();
        if (others == 0) {
            throw RegistryException.conflict(account.getUsername() + " is the last active "
                    + (account.getRole() == Role.SUPERUSER ? "superuser" : "administrator")
                    + ": make another account one before deleting this one");
        }
    }

    private static String path(ContainerCollection c) {
        return c.getNamespace().getName() + "/" + c.getName();
    }
}
