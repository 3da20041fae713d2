package org.sregistry.web.admin;

import jakarta.servlet.http.HttpServletRequest;
import org.sregistry.web.api.PayaraResponses;

/**
 * Breaks the connection of a streamed response that cannot be completed, so that the client sees a
 * failed transfer. Once a chunked response has begun, the Servlet API can only end it normally:
 * JAX-RS logs an exception thrown by a {@code StreamingOutput} and then closes the stream, which
 * writes the final chunk, and the client holds a truncated body it cannot tell from a whole one.
 *
 * <p>{@link #abort} closes the connection underneath, on Payara (Micro and Server) through
 * Grizzly's connection ({@link PayaraResponses}). Elsewhere nothing is closed and {@link #abort}
 * says so: the caller still throws, and the body stays without its end (for a ZIP: no central
 * directory).
 */
final class TransferAbort {

    private static final System.Logger LOG = System.getLogger(TransferAbort.class.getName());

    private TransferAbort() {}

    /** Closes the connection of the request's response at once, without ending the body; false when it cannot. */
    static boolean abort(HttpServletRequest request) {
        try {
            // Grizzly Response -> Request -> Connection
            Object connection = PayaraResponses.call(PayaraResponses.call(PayaraResponses.grizzly(request), "getRequest"),
                    "getConnection");
            PayaraResponses.call(connection, "closeSilently");
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot break the connection of an aborted transfer ({0}):"
                    + " the client gets a body without its end", e.toString());
            return false;
        }
    }
}
