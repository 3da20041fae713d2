package org.sregistry.account;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sregistry.team.TeamRole;

/**
 * Who is acting on a request or a job: an account seen through the token it presented, or nobody.
 * Every permission decision takes a Caller, whichever channel the request came in by.
 *
 * <p>The team roles and the contributors-may-push policy are read once, when the token is
 * authenticated, so one request sees one consistent picture and a change applies from the next
 * request on, on every node.
 *
 * @param accountId the account, or null for anonymous
 * @param collections collection ids the token is limited to; empty means no limit
 * @param teams the account's teams (by id) and its role in each
 * @param contributorsMayPush the registry policy CONTRIBUTORS_MAY_PUSH at authentication time
 */
public record Caller(String accountId, String username, Role role, boolean canWrite, Set<String> collections,
        Map<String, TeamRole> teams, boolean contributorsMayPush) {

    public static final Caller ANONYMOUS = new Caller(null, null, null, false, Set.of());

    /** A caller in no team, under the strict default policy (contributors do not push). */
    public Caller(String accountId, String username, Role role, boolean canWrite, Set<String> collections) {
        this(accountId, username, role, canWrite, collections, Map.of(), false);
    }

    public Caller {
        collections = collections == null ? Set.of() : Set.copyOf(collections);
        teams = teams == null ? Map.of() : Map.copyOf(teams);
    }

    public static Caller of(Account account, boolean canWrite, Set<String> collections) {
        return of(account, canWrite, collections, Map.of(), false);
    }

    public static Caller of(Account account, boolean canWrite, Set<String> collections, Map<String, TeamRole> teams,
            boolean contributorsMayPush) {
        return new Caller(account.getId(), account.getUsername(), account.getRole(), canWrite, collections, teams,
                contributorsMayPush);
    }

    public boolean isAnonymous() {
        return accountId == null;
    }

    public boolean isStaff() {
        return role != null && role.isStaff();
    }

    public boolean tokenAllows(String collectionId) {
        return collections.isEmpty() || collections.contains(collectionId);
    }

    /** The caller's role in team {@code teamId}, if a member. */
    public Optional<TeamRole> teamRole(String teamId) {
        return teamId == null ? Optional.empty() : Optional.ofNullable(teams.get(teamId));
    }
}
