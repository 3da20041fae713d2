package org.sregistry.collection;

import org.sregistry.account.Caller;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.RegistryException;

/**
 * The one place that decides who may see, push to and manage what. Every channel (library API,
 * admin API, console, jobs) asks here. A collection the caller may not see is reported exactly like
 * one that does not exist, so private names do not leak.
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
        return caller.isStaff() || collection.roleOf(caller.accountId()).isPresent();
    }

    public static boolean canPush(Caller caller, ContainerCollection collection) {
        if (caller.isAnonymous() || !caller.canWrite() || !caller.tokenAllows(collection.getId())) {
            return false;
        }
        return caller.isStaff()
                || collection.roleOf(caller.accountId()).filter(r -> r == CollectionMember.Role.OWNER).isPresent();
    }

    public static boolean canCreateIn(Caller caller, Namespace namespace) {
        if (caller.isAnonymous() || !caller.canWrite()) {
            return false;
        }
        return caller.isStaff() || namespace.isOwnedBy(caller.accountId());
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
}
