package org.sregistry.web.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * The HTTP response of Payara's own HTTP layer (Grizzly) behind a servlet response, for the two
 * things the Servlet API cannot do: break a connection in the middle of a body
 * ({@code TransferAbort}), and hand the connection file bytes without copying them through the heap
 * ({@code MappedFileSender}).
 *
 * <p>This filter records the container's own response object as a request attribute on the paths
 * that need it: what JAX-RS injects is a proxy. Payara's classes (Micro and Server alike) are
 * reached by reflection, by name: {@code org.apache.catalina.connector.ResponseFacade} holds the
 * Catalina response, whose {@code getCoyoteResponse()} is Grizzly's. On another container, or behind a
 * wrapper of another shape, {@link #grizzly} throws and the callers fall back to the Servlet API.
 */
@WebFilter(urlPatterns = {"/api/collections/*", "/v1/imagefile/*", "/v1/blobs/*", "/share/*"})
public class PayaraResponses extends HttpFilter {

    private static final long serialVersionUID = 1L;

    static final String RESPONSE = PayaraResponses.class.getName() + ".response";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        request.setAttribute(RESPONSE, response);
        chain.doFilter(request, response);
    }

    /** The container's response of {@code request}, as this filter saw it; null on other paths. */
    public static ServletResponse recorded(ServletRequest request) {
        return (ServletResponse) request.getAttribute(RESPONSE);
    }

    /** Grizzly's {@code org.glassfish.grizzly.http.server.Response} of the request's response. */
    public static Object grizzly(ServletRequest request) throws ReflectiveOperationException {
        ServletResponse response = recorded(request);
        while (response instanceof ServletResponseWrapper wrapper) {
            response = wrapper.getResponse();
        }
        if (response == null) {
            throw new NoSuchFieldException("no response recorded for " + request.getServletContext().getContextPath());
        }
        return call(field(response, "response"), "getCoyoteResponse");
    }

    /** {@code target.name}, a field of its class or a superclass. */
    static Object field(Object target, String name) throws ReflectiveOperationException {
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

    /** {@code target.method()}, a public method without arguments. */
    public static Object call(Object target, String method) throws ReflectiveOperationException {
        if (target == null) {
            throw new NoSuchMethodException(method + " on null");
        }
        return method(target, method).invoke(target);
    }

    /** The public method {@code name(parameters)} of {@code target}, made callable across Payara's class loaders. */
    public static Method method(Object target, String name, Class<?>... parameters) throws NoSuchMethodException {
        Method m = target.getClass().getMethod(name, parameters);
        m.setAccessible(true);
        return m;
    }

    /** Invokes {@code method}; an IOException it throws (a client gone) is thrown as itself. */
    public static Object invoke(Method method, Object target, Object... arguments) throws IOException {
        try {
            return method.invoke(target, arguments);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(method.getName() + " failed", e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
