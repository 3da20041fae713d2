package org.sregistry.account;

import java.util.Set;

/**
 * Who is acting on a request or a job: an account seen through the token it presented, or nobody.
 * Every permission decision takes a Caller, whichever channel the request came in by.
 *
 * @param accountId the account, or null for anonymous
 * @param collections collection ids the token is limited to; empty means no limit
 */
public record Caller(String accountId, String username, Role role, boolean canWrite, Set<String> collections) {

    public static final Caller ANONYMOUS = new Caller(null, null, null, false, Set.of());

    public static Caller of(Account account, boolean canWrite, Set<String> collections) {
        return new Caller(account.getId(), account.getUsername(), account.getRole(), canWrite,
                collections == null ? Set.of() : Set.copyOf(collections));
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
}
