package org.sregistry.account;

import java.util.Objects;

/**
 * A person as an external source vouches for them at login.
 *
 * @param source the directory or the OpenID provider
 * @param externalId the source's stable id (a directory DN, an OIDC subject); how the account is found again
 * @param username the source's username (made into a registry name on first login)
 * @param displayName the person's name, or null
 * @param email the person's email address, or null
 * @param role what the source's groups make the person
 */
public record ExternalIdentity(AuthSource source, String externalId, String username, String displayName, String email,
        Role role) {

    public ExternalIdentity {
        Objects.requireNonNull(source);
        Objects.requireNonNull(externalId);
        Objects.requireNonNull(username);
        Objects.requireNonNull(role);
        if (source == AuthSource.LOCAL) {
            throw new IllegalArgumentException("local accounts log in with their password");
        }
    }
}
