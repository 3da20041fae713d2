package org.sregistry.web.admin;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;

/**
 * Breaks the connection of a streamed response that cannot be completed, so that the client sees a
 * failed transfer. Once a chunked response has begun, the Servlet API can only end it normally:
 * JAX-RS logs an exception thrown by a {@code StreamingOutput} and then closes the stream, which
 * writes the final chunk, and the client holds a truncated body it cannot tell from a whole one.
 *
 * <p>This filter hands the container's own response object to the resource (a request attribute:
 * what JAX-RS injects is a proxy); {@link #abort} closes its connection underneath, on Payara (Micro
 * and Server) through Grizzly's connection. Elsewhere nothing is closed and {@link #abort} says so:
 * the caller still throws, and the body stays without its end (for a ZIP: no central directory).
 */
@WebFilter(urlPatterns = "/api/collections/*")
public class TransferAbort extends HttpFilter {

    private static final System.Logger LOG = System.getLogger(TransferAbort.class.getName());
    static final String RESPONSE = TransferAbort.class.getName() + ".response";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(RESPONSE, response);
        chain.doFilter(request, response);
    }

    /** Closes the connection of the request's response at once, without ending the body; false when it cannot. */
    static boolean abort(HttpServletRequest request) {
        Object response = request.getAttribute(RESPONSE);
        while (response instanceof ServletResponseWrapper wrapper) {
            ServletResponse inner = wrapper.getResponse();
            response = inner;
        }
        try {
            // org.apache.catalina.connector.ResponseFacade -> Response -> Grizzly Response -> Request -> Connection
            Object catalina = field(response, "response");
            Object grizzly = call(catalina, "getCoyoteResponse");
            Object connection = call(call(grizzly, "getRequest"), "getConnection");
            call(connection, "closeSilently");
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot break the connection of an aborted transfer ({0}):"
                    + " the client gets a body without its end", e.toString());
            return false;
        }
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchFieldException(name + " (no response recorded)");
        }
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException next) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchMethodException(method + " on null");
        }
        Method m = target.getClass().getMethod(method);
        m.setAccessible(true);
        return m.invoke(target);
    }
}
