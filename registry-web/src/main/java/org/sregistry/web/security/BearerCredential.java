package org.sregistry.web.security;

import jakarta.security.enterprise.credential.Credential;

/** An API token as presented in {@code Authorization: Bearer <token>}. */
public record BearerCredential(String token) implements Credential {}
