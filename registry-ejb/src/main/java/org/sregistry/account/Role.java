package org.sregistry.account;

/** What an account may do across the registry. */
public enum Role {
    /** A scientist: owns their namespace and the collections they create or are given. */
    USER,
    /** Staff: administers every namespace and collection. */
    ADMIN,
    /** Staff with the keys to the registry itself (settings, other admins). */
    SUPERUSER;

    public boolean isStaff() {
        return this != USER;
    }
}
