package org.sregistry.web.api.error;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.ErrorJson;

/** Builds every error response of the APIs: the library envelope, always typed as JSON. */
public final class ApiErrors {

    private ApiErrors() {}

    public static Response response(int status, String message) {
        // explicit type: a failed download was requested as octet-stream and must still get JSON
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorJson.of(status, message)).build();
    }

    public static int status(RegistryException.Reason reason) {
        return switch (reason) {
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            case FORBIDDEN -> 403;
            case UNAUTHORIZED -> 401;
            case INVALID -> 400;
            case TOO_LARGE, QUOTA -> 413;
            case RANGE -> 416;
            case UNAVAILABLE -> 503;
            case TOO_MANY_REQUESTS -> 429;
            case GONE -> 410;
        };
    }

    /** The first cause of {@code type} in the chain of {@code t}, if any. */
    static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return null;
    }
}
