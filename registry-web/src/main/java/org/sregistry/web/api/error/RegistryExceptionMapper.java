package org.sregistry.web.api.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.sregistry.download.PullLimitExceeded;
import org.sregistry.registry.RegistryException;
import org.sregistry.storage.ByteRange;

/** Domain failures: the reason picks the status, the message goes to the client as written (416s carry their Content-Range, 429s their Retry-After). */
@Provider
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {

    @Override
    public Response toResponse(RegistryException e) {
        Response response = ApiErrors.response(ApiErrors.status(e.reason()), e.getMessage());
        if (e instanceof ByteRange.Unsatisfiable unsatisfiable) {
            return Response.fromResponse(response).header("Content-Range", unsatisfiable.contentRange()).build();
        }
        if (e instanceof PullLimitExceeded limited) {
            return Response.fromResponse(response).header("Retry-After", limited.retryAfterSeconds()).build();
        }
        return response;
    }
}
