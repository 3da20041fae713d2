package org.sregistry.account;

/** Who vouches for an account's identity when it logs in (tokens work the same for all of them). */
public enum AuthSource {
    /** A password stored (hashed) in the registry's database. */
    LOCAL,
    /** The institution's LDAP directory; the account is created on first login. */
    LDAP,
    /** An OpenID Connect provider; the account is created on first login. */
    OIDC
}
