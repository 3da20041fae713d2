package org.sregistry.collection;

import org.sregistry.account.Caller;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Policy;
import org.sregistry.registry.RegistryException;
import org.sregistry.team.Team;
import org.sregistry.team.TeamRole;

/**
 * The one place that decides who may see, push to and manage what. Every channel (library API,
 * admin API, console, jobs) asks here. A collection the caller may not see is reported exactly like
 * one that does not exist, so private names do not leak.
 *
 * <p>The rules: public collections are seen by all; private ones by staff and by anyone with a role
 * on the collection ({@link ContainerCollection#roleOf}), in person or through a team. Owners push
 * and manage; contributors push only when the registry policy CONTRIBUTORS_MAY_PUSH is on. Every
 * write also needs a read-write token that is not limited away from the collection.
 */
public final class Permissions {

    private Permissions() {}

    public static boolean canSee(Caller caller, ContainerCollection collection) {
        if (!collection.isPrivate()) {
            return true;
        }
        if (caller.isAnonymous() || !caller.tokenAllows(collection.getId())) {
            return false;
        }
        return caller.isStaff() || collection.roleOf(caller).isPresent();
    }

    public static boolean canPush(Caller caller, ContainerCollection collection) {
        if (caller.isAnonymous() || !caller.canWrite() || !caller.tokenAllows(collection.getId())) {
            return false;
        }
        if (caller.isStaff()) {
            return true;
        }
        return collection.roleOf(caller).filter(r -> r == CollectionMember.Role.OWNER
                || (r == CollectionMember.Role.CONTRIBUTOR && caller.contributorsMayPush())).isPresent();
    }

    /** Whether the caller may change the collection's privacy, description and members: owners and staff. */
    public static boolean canManage(Caller caller, ContainerCollection collection) {
        if (caller.isAnonymous() || !caller.canWrite() || !caller.tokenAllows(collection.getId())) {
            return false;
        }
        return caller.isStaff() || collection.roleOf(caller).filter(r -> r == CollectionMember.Role.OWNER).isPresent();
    }

    /**
     * Whether the caller may create collections in {@code namespace} by role: staff anywhere, a user
     * in their own namespace, a team's members (owners and members) in the team's namespace.
     */
    public static boolean canCreateIn(Caller caller, Namespace namespace) {
        if (caller.isAnonymous() || !caller.canWrite()) {
            return false;
        }
        return caller.isStaff() || namespace.isOwnedBy(caller.accountId())
                || caller.teamRole(namespace.getTeamId()).isPresent();
    }

    /** Whether the caller manages {@code team} (members, roles, invites): its owners and staff. */
    public static boolean canManage(Caller caller, Team team) {
        if (caller.isAnonymous() || !caller.canWrite()) {
            return false;
        }
        return caller.isStaff() || caller.teamRole(team.getId()).filter(r -> r == TeamRole.OWNER).isPresent();
    }

    /** Throws NOT_FOUND for an invisible collection, so callers cannot probe private names. */
    public static void requireVisible(Caller caller, ContainerCollection collection, String path) {
        if (!canSee(caller, collection)) {
            throw RegistryException.notFound("collection " + path + " not found");
        }
    }

    /** Throws for a caller that may not push to {@code collection}: 401 anonymous, 403 otherwise. */
    public static void requirePush(Caller caller, ContainerCollection collection) {
        String path = collection.getNamespace().getName() + "/" + collection.getName();
        requireVisible(caller, collection, path);
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required to push to or delete from " + path);
        }
        if (!canPush(caller, collection)) {
            throw RegistryException.forbidden(caller.username() + " may not push to or delete from " + path
                    + (caller.canWrite() ? "" : " (the token is read-only)"));
        }
    }

    /** Throws for a caller that may not manage {@code collection}; an invisible one is NOT_FOUND. */
    public static void requireManage(Caller caller, ContainerCollection collection) {
        String path = collection.getNamespace().getName() + "/" + collection.getName();
        requireVisible(caller, collection, path);
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required to manage " + path);
        }
        if (!canManage(caller, collection)) {
            throw RegistryException.forbidden(caller.username() + " may not manage " + path
                    + (caller.canWrite() ? "" : " (the token is read-only)"));
        }
    }

    /** Throws unless the caller is staff (admin or superuser) with a read-write token. */
    public static void requireStaff(Caller caller) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        if (!caller.isStaff()) {
            throw RegistryException.forbidden(caller.username() + " is not an administrator");
        }
        if (!caller.canWrite()) {
            throw RegistryException.forbidden("the token is read-only");
        }
    }

    public static void requireCreateIn(Caller caller, Namespace namespace) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required to create collections in " + namespace.getName());
        }
        if (!canCreateIn(caller, namespace)) {
            throw RegistryException.forbidden(caller.username() + " may not create collections in " + namespace.getName()
                    + (caller.canWrite() ? "" : " (the token is read-only)"));
        }
    }

    /**
     * {@link #requireCreateIn(Caller, Namespace)} under the registry policy: users who are not staff
     * create only when USER_COLLECTIONS is on, and at most USER_COLLECTION_LIMIT per namespace.
     *
     * @param existing how many collections {@code namespace} already has
     */
    public static void requireCreateIn(Caller caller, Namespace namespace, Policy policy, long existing) {
        requireCreateIn(caller, namespace);
        if (caller.isStaff()) {
            return;
        }
        if (!policy.userCollections()) {
            throw RegistryException.forbidden("only administrators may create collections in this registry");
        }
        if (policy.userCollectionLimit() > 0 && existing >= policy.userCollectionLimit()) {
            throw RegistryException.forbidden("entity " + namespace.getName() + " has reached the limit of "
                    + policy.userCollectionLimit() + " collections");
        }
    }

    /** Whether a new collection is private: when asked, or when the registry or its namespace says so. */
    public static boolean newCollectionIsPrivate(Policy policy, Namespace namespace, boolean requested) {
        return requested || policy.privateOnly() || policy.defaultPrivate() || namespace.isDefaultPrivate();
    }

    /** Throws when the collection may not become public because the registry is private-only. */
    public static void requirePrivacyAllowed(Policy policy, boolean makePrivate) {
        if (!makePrivate && policy.privateOnly()) {
            throw RegistryException.forbidden("this registry keeps every collection private (PRIVATE_ONLY)");
        }
    }

    /** Throws unless the caller may manage {@code team}: 401 anonymous, 403 otherwise. */
    public static void requireManage(Caller caller, Team team) {
        if (caller.isAnonymous()) {
            throw RegistryException.unauthorized("authentication required");
        }
        if (!canManage(caller, team)) {
            throw RegistryException.forbidden(caller.username() + " may not manage team " + team.getName()
                    + (caller.canWrite() ? "" : " (the token is read-only)"));
        }
    }
}
