package org.sregistry.web.api.error;

import jakarta.json.bind.JsonbException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A request body that is not the JSON expected: 400 (or 413 when the size limit stopped it). */
@Provider
public class MalformedJsonMapper implements ExceptionMapper<JsonbException> {

    @Override
    public Response toResponse(JsonbException e) {
        WebApplicationException limit = ApiErrors.causeOf(e, WebApplicationException.class);
        if (limit != null) {
            return ApiErrors.response(limit.getResponse().getStatus(), "request body too large");
        }
        return ApiErrors.response(400, "malformed JSON body: " + firstLine(e));
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage() == null ? e.getMessage() : root.getMessage();
        if (m == null) {
            return "cannot be parsed";
        }
        int nl = m.indexOf('\n');
        m = nl > 0 ? m.substring(0, nl) : m;
        return m.length() > 200 ? m.substring(0, 200) : m;
    }
}
