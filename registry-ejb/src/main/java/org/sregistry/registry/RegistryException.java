package org.sregistry.registry;

import jakarta.ejb.ApplicationException;

/**
 * Root of every domain failure. The message is written for the API user; the reason tells the edge
 * which status to answer, so no HTTP status appears in the core.
 */
@ApplicationException(rollback = true)
public class RegistryException extends RuntimeException {

    public enum Reason {
        NOT_FOUND, CONFLICT, FORBIDDEN, UNAUTHORIZED, INVALID, TOO_LARGE, RANGE, QUOTA, UNAVAILABLE, TOO_MANY_REQUESTS, GONE
    }

    private final Reason reason;

    public RegistryException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public static RegistryException notFound(String message) {
        return new RegistryException(Reason.NOT_FOUND, message);
    }

    public static RegistryException invalid(String message) {
        return new RegistryException(Reason.INVALID, message);
    }

    public static RegistryException conflict(String message) {
        return new RegistryException(Reason.CONFLICT, message);
    }

    /** Something that existed and is no longer there for good (an expired or revoked share link): 410. */
    public static RegistryException gone(String message) {
        return new RegistryException(Reason.GONE, message);
    }

    public static RegistryException forbidden(String message) {
        return new RegistryException(Reason.FORBIDDEN, message);
    }

    public static RegistryException unauthorized(String message) {
        return new RegistryException(Reason.UNAUTHORIZED, message);
    }
}
