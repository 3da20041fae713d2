package org.sregistry.web.security;

import jakarta.inject.Inject;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.config.AuthConfigFactory;
import jakarta.security.auth.message.config.AuthConfigProvider;
import jakarta.security.auth.message.config.ClientAuthConfig;
import jakarta.security.auth.message.config.ServerAuthConfig;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.sregistry.operations.RegistryMetrics;

/**
 * Requests that carry no credentials let through as anonymous without Jakarta Security's per-request
 * work. The application has an {@link jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism},
 * so Payara runs Jakarta Authentication on every request, and the Jakarta Security implementation's
 * bridge looks the mechanism up through JNDI and CDI twice per request, to validate it and again to
 * secure the response: 29% of the CPU time of a warm {@code GET /version} (BENCHMARKS.md, Run 14).
 * For a request without an {@code Authorization} header outside the console, the mechanism's answer
 * is known beforehand: nobody ({@link RegistryAuthenticationMechanism#isAnonymous}).
 *
 * <p>At start-up this listener takes the authentication configuration the container registered for
 * this application ({@code HttpServlet} layer, this context) and registers in its place one that
 * answers those requests itself as the mechanism would (an anonymous caller, through the container's
 * {@link CallerPrincipalCallback}) and hands every other request, every request to authenticate
 * ({@code isMandatory}), and every logout to the configuration it replaced. Only the standard
 * Jakarta Authentication API is used. When no configuration is registered (no mechanism), nothing
 * changes. The requests answered here are counted ({@code registry_requests_anonymous_total}).
 */
@WebListener
public class AnonymousRequests implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(AnonymousRequests.class.getName());

    /** The Servlet Container Profile's message layer. */
    static final String LAYER = "HttpServlet";

    /** The MessageInfo property that says the request must be authenticated (a constraint, or authenticate()). */
    static final String MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";

    /** Put in the MessageInfo's map when the request was answered here, so its response is too. */
    static final String ANSWERED = AnonymousRequests.class.getName();

    @Inject
    RegistryMetrics metrics;

    private String registration;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String appContext = context.getVirtualServerName() + " " + context.getContextPath();
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        AuthConfigProvider standard = factory.getConfigProvider(LAYER, appContext, null);
        if (standard == null) {
            LOG.log(System.Logger.Level.WARNING, "No authentication configuration for {0}: anonymous requests"
                    + " are not answered ahead of the mechanism", appContext);
            return;
        }
        registration = factory.registerConfigProvider(new Provider(standard, metrics::anonymousRequest), LAYER,
                appContext, "The registry's mechanism, with anonymous requests answered ahead of it");
        LOG.log(System.Logger.Level.INFO, "Anonymous requests to {0} are answered ahead of the mechanism", appContext);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registration != null) {
            AuthConfigFactory.getFactory().removeRegistration(registration);
            registration = null;
        }
    }

    /** Whether the request is one the mechanism would let through as nobody, with nothing to check. */
    static boolean answersItself(MessageInfo message) {
        return !"true".equals(String.valueOf(message.getMap().get(MANDATORY)))
                && message.getRequestMessage() instanceof HttpServletRequest request
                && RegistryAuthenticationMechanism.isAnonymous(request);
    }

    /** The container's provider with its server configuration wrapped. */
    record Provider(AuthConfigProvider standard, Runnable counter) implements AuthConfigProvider {

        @Override
        public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler)
                throws AuthException {
            return new Config(standard.getServerAuthConfig(layer, appContext, handler), handler, counter);
        }

        @Override
        public ClientAuthConfig getClientAuthConfig(String layer, String appContext, CallbackHandler handler)
                throws AuthException {
            return standard.getClientAuthConfig(layer, appContext, handler);
        }

        @Override
        public void refresh() {
            standard.refresh();
        }
    }

    /** The container's server configuration with its contexts wrapped. */
    record Config(ServerAuthConfig standard, CallbackHandler handler, Runnable counter) implements ServerAuthConfig {

        @Override
        @SuppressWarnings("rawtypes")
        public ServerAuthContext getAuthContext(String authContextID, Subject serviceSubject, Map properties)
                throws AuthException {
            ServerAuthContext context = standard.getAuthContext(authContextID, serviceSubject, properties);
            return context == null ? null : new Context(context, handler, counter);
        }

        @Override
        public String getMessageLayer() {
            return standard.getMessageLayer();
        }

        @Override
        public String getAppContext() {
            return standard.getAppContext();
        }

        @Override
        public String getAuthContextID(MessageInfo messageInfo) {
            return standard.getAuthContextID(messageInfo);
        }

        @Override
        public void refresh() {
            standard.refresh();
        }

        @Override
        public boolean isProtected() {
            return standard.isProtected();
        }
    }

    /**
     * Answers an anonymous request as the mechanism's {@code doNothing()} does: an anonymous caller
     * (a {@link CallerPrincipalCallback} without a name) and success; everything else goes on.
     */
    record Context(ServerAuthContext standard, CallbackHandler handler, Runnable counter) implements ServerAuthContext {

        @Override
        @SuppressWarnings("unchecked")
        public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) throws AuthException {
            if (!answersItself(message)) {
                return standard.validateRequest(message, client, service);
            }
            try {
                handler.handle(new Callback[] {new CallerPrincipalCallback(client, (String) null)});
            } catch (IOException | UnsupportedCallbackException e) {
                throw (AuthException) new AuthException("Anonymous caller not accepted by the container").initCause(e);
            }
            message.getMap().put(ANSWERED, Boolean.TRUE);
            counter.run();
            return AuthStatus.SUCCESS;
        }

        @Override
        public AuthStatus secureResponse(MessageInfo message, Subject service) throws AuthException {
            return Boolean.TRUE.equals(message.getMap().get(ANSWERED)) ? AuthStatus.SEND_SUCCESS
                    : standard.secureResponse(message, service);
        }

        @Override
        public void cleanSubject(MessageInfo message, Subject subject) throws AuthException {
            standard.cleanSubject(message, subject);
        }
    }
}
