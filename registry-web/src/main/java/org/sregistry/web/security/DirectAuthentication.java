package org.sregistry.web.security;

import jakarta.inject.Inject;
import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
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
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import java.util.function.BiFunction;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.sregistry.operations.RegistryMetrics;

/**
 * The registry's own authentication decisions told to the container directly, ahead of Jakarta
 * Security's bridge. The application has an
 * {@link jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism}, so
 * Payara runs Jakarta Authentication on every request, and the Jakarta Security implementation's
 * bridge looks the mechanism up through a new JNDI context and CDI twice per request, to validate it
 * and again to secure its response: 29% of the CPU time of a warm {@code GET /version} (BENCHMARKS.md,
 * Run 14), and the lookup takes a lock that all request threads share (Weld's bean manager registry).
 *
 * <p>At start-up this listener takes the authentication configuration the container registered for
 * this application ({@code HttpServlet} layer, this context) and registers in its place one that
 * decides two kinds of request itself, with the same code the mechanism uses, and tells the
 * container through the standard callbacks what the bridge would have told it:
 * <ul>
 * <li>no {@code Authorization} header, outside the console: nobody, as the mechanism's
 * {@code doNothing()} ({@link RegistryAuthenticationMechanism#isAnonymous}); counted by
 * {@code registry_requests_anonymous_total};</li>
 * <li>an {@code Authorization} header: {@link BearerTokens#decide}, then the caller and its groups
 * ({@link CallerPrincipalCallback} with the {@link RegistryPrincipal}, {@link GroupPrincipalCallback}),
 * nobody, or the 401 already written; counted by {@code registry_requests_bearer_total}.</li>
 * </ul>
 * It hands everything else to the configuration it replaced: the console's session logins, every
 * request the container marks mandatory ({@code HttpServletRequest.authenticate()}, security
 * constraints), and every logout ({@code cleanSubject}). Only the standard Jakarta Authentication
 * API is used. When no configuration is registered (no mechanism), nothing changes.
 */
@WebListener
public class DirectAuthentication implements ServletContextListener {

    private static final System.Logger LOG = System.getLogger(DirectAuthentication.class.getName());

    /** The Servlet Container Profile's message layer. */
    static final String LAYER = "HttpServlet";

    /** The MessageInfo property that says the request must be authenticated (a constraint, or authenticate()). */
    static final String MANDATORY = "jakarta.security.auth.message.MessagePolicy.isMandatory";

    /** Put in the MessageInfo's map when the request was answered here, so its response is too. */
    static final String ANSWERED = DirectAuthentication.class.getName();

    @Inject
    RegistryMetrics metrics;

    @Inject
    BearerTokens bearerTokens;

    private String registration;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        String appContext = context.getVirtualServerName() + " " + context.getContextPath();
        AuthConfigFactory factory = AuthConfigFactory.getFactory();
        AuthConfigProvider standard = factory.getConfigProvider(LAYER, appContext, null);
        if (standard == null) {
            LOG.log(System.Logger.Level.WARNING, "No authentication configuration for {0}: requests are not"
                    + " decided ahead of the mechanism", appContext);
            return;
        }
        Decisions decisions = new Decisions(bearerTokens::decide, metrics::anonymousRequest, metrics::bearerRequest);
        registration = factory.registerConfigProvider(new Provider(standard, decisions), LAYER, appContext,
                "The registry's mechanism, with anonymous and token requests decided ahead of Jakarta Security's bridge");
        LOG.log(System.Logger.Level.INFO, "Anonymous and token requests to {0} are decided ahead of the mechanism's"
                + " bridge", appContext);
    }

    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (registration != null) {
            AuthConfigFactory.getFactory().removeRegistration(registration);
            registration = null;
        }
    }

    /** The decisions taken here, and what counts them. */
    record Decisions(BiFunction<HttpServletRequest, HttpServletResponse, BearerTokens.Verdict> bearer,
            Runnable anonymousCounter, Runnable bearerCounter) {}

    /** The requests this configuration decides itself. */
    enum Route { ANONYMOUS, BEARER }

    /**
     * How the request of a message is decided here, or null when it goes on to the bridge: a request
     * the container marks mandatory, and the console's without an {@code Authorization} header.
     */
    static Route route(MessageInfo message) {
        if ("true".equals(String.valueOf(message.getMap().get(MANDATORY)))
                || !(message.getRequestMessage() instanceof HttpServletRequest request)) {
            return null;
        }
        if (request.getHeader("Authorization") != null) {
            return Route.BEARER;
        }
        return RegistryAuthenticationMechanism.isAnonymous(request) ? Route.ANONYMOUS : null;
    }

    /** The container's provider with its server configuration wrapped. */
    record Provider(AuthConfigProvider standard, Decisions decisions) implements AuthConfigProvider {

        @Override
        public ServerAuthConfig getServerAuthConfig(String layer, String appContext, CallbackHandler handler)
                throws AuthException {
            return new Config(standard.getServerAuthConfig(layer, appContext, handler), handler, decisions);
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
    record Config(ServerAuthConfig standard, CallbackHandler handler, Decisions decisions) implements ServerAuthConfig {

        @Override
        @SuppressWarnings("rawtypes")
        public ServerAuthContext getAuthContext(String authContextID, Subject serviceSubject, Map properties)
                throws AuthException {
            ServerAuthContext context = standard.getAuthContext(authContextID, serviceSubject, properties);
            return context == null ? null : new Context(context, handler, decisions);
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
     * Decides anonymous and token requests as the mechanism does and tells the container as the
     * bridge would: the caller (or nobody, a {@link CallerPrincipalCallback} without one) and success,
     * or the refusal already written; everything else goes on.
     */
    record Context(ServerAuthContext standard, CallbackHandler handler, Decisions decisions) implements ServerAuthContext {

        @Override
        @SuppressWarnings("unchecked")
        public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) throws AuthException {
            Route route = route(message);
            if (route == null) {
                return standard.validateRequest(message, client, service);
            }
            BearerTokens.Verdict verdict;
            if (route == Route.ANONYMOUS) {
                verdict = BearerTokens.Verdict.ANONYMOUS;
                decisions.anonymousCounter().run();
            } else {
                verdict = decisions.bearer().apply((HttpServletRequest) message.getRequestMessage(),
                        (HttpServletResponse) message.getResponseMessage());
                decisions.bearerCounter().run();
            }
            message.getMap().put(ANSWERED, Boolean.TRUE);
            if (verdict.refused()) {
                return AuthStatus.SEND_FAILURE;
            }
            tell(client, verdict);
            return AuthStatus.SUCCESS;
        }

        /** The caller and its groups, as Jakarta Security's {@code notifyContainerAboutLogin}; nobody as its {@code doNothing()}. */
        private void tell(Subject client, BearerTokens.Verdict verdict) throws AuthException {
            Callback[] callbacks = verdict.caller() == null
                    ? new Callback[] {new CallerPrincipalCallback(client, (String) null)}
                    : verdict.groups().isEmpty()
                            ? new Callback[] {new CallerPrincipalCallback(client, verdict.caller())}
                            : new Callback[] {new CallerPrincipalCallback(client, verdict.caller()),
                                new GroupPrincipalCallback(client, verdict.groups().toArray(String[]::new))};
            try {
                handler.handle(callbacks);
            } catch (IOException | UnsupportedCallbackException e) {
                throw (AuthException) new AuthException("The caller was not accepted by the container").initCause(e);
            }
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
