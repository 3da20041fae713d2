package org.sregistry.web.api.error;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import org.sregistry.registry.RegistryException;

/** Domain failures: the reason picks the status, the message goes to the client as written. */
@Provider
public class RegistryExceptionMapper implements ExceptionMapper<RegistryException> {

    @Override
    public Response toResponse(RegistryException e) {
        return ApiErrors.response(ApiErrors.status(e.reason()), e.getMessage());
    }
}
