package org.sregistry.web.api.error;

import jakarta.ejb.EJBException;
import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.Providers;
import java.util.UUID;
import org.sregistry.registry.RegistryException;

/**
 * Anything else. Known causes wrapped by the container (EJBException, ProcessingException) are
 * unwrapped and answered by their own mapper; the rest is a 500 with an incident id that the log
 * shares, never a stack trace to the client.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

    private static final System.Logger LOG = System.getLogger(UnexpectedExceptionMapper.class.getName());

    @Context
    Providers providers;

    @Override
    public Response toResponse(Throwable e) {
        for (Class<? extends Throwable> known : java.util.List.of(RegistryException.class, WebApplicationException.class,
                JsonbException.class)) {
            Throwable cause = ApiErrors.causeOf(e instanceof EJBException || e instanceof ProcessingException
                    ? e.getCause() : null, known);
            if (cause != null) {
                return delegate(cause);
            }
        }
        if (e instanceof ProcessingException) {
            return ApiErrors.response(400, "the request could not be read: " + e.getMessage());
        }
        String incident = UUID.randomUUID().toString();
        LOG.log(System.Logger.Level.ERROR, "incident " + incident, e);
        return ApiErrors.response(500, "internal error; incident " + incident + " is in the server log");
    }

    @SuppressWarnings("unchecked")
    private <T extends Throwable> Response delegate(T cause) {
        ExceptionMapper<T> mapper = (ExceptionMapper<T>) providers.getExceptionMapper(cause.getClass());
        return mapper != null && mapper != this ? mapper.toResponse(cause) : ApiErrors.response(500, "internal error");
    }
}
