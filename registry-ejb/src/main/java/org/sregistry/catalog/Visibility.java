package org.sregistry.catalog;

import java.util.Set;
import org.sregistry.account.Caller;

/**
 * {@link org.sregistry.collection.Permissions#canSee} written as a SQL condition, so lists are
 * filtered before they are counted and paged (filtering in Java after paging would break both).
 * The rule is the same: a public collection is seen by all; a private one by staff and by anyone
 * with a role on it ({@link org.sregistry.collection.ContainerCollection#roleOf}): the owner of its
 * namespace, a member of the namespace's team, a member in person, or a member of a team that is a
 * member; and never through a token limited to other collections. Expects the collection as
 * {@code c} and its namespace as {@code n}.
 */
final class Visibility {

    private Visibility() {}

    static Sql where(Sql sql, Caller caller) {
        if (caller.isAnonymous()) {
            return sql.add("c.is_private = FALSE");
        }
        sql.add("(c.is_private = FALSE OR (");
        if (!caller.collections().isEmpty()) {
            sql.add("c.id IN ").in(caller.collections()).add(" AND ");
        }
        if (caller.isStaff()) {
            return sql.add("1 = 1))");
        }
        Set<String> teams = caller.teams().keySet();
        sql.add("(n.owner_id = ?", caller.accountId());
        if (!teams.isEmpty()) {
            sql.add(" OR n.team_id IN ").in(teams);
        }
        sql.add(" OR EXISTS (SELECT 1 FROM collection_member m WHERE m.collection_id = c.id AND (m.account_id = ?",
                caller.accountId());
        if (!teams.isEmpty()) {
            sql.add(" OR m.team_id IN ").in(teams);
        }
        return sql.add(")))))");
    }
}
