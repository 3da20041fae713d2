package org.sregistry.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.sregistry.account.AccountService;
import org.sregistry.account.AuthSource;
import org.sregistry.account.Caller;
import org.sregistry.account.ExternalIdentity;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.PublicUrl;
import org.sregistry.web.console.ConsolePaths;

/**
 * Console logins through an OpenID Connect provider (authorization code flow with PKCE, state and
 * nonce), inside the application's one authentication mechanism: {@code /console/oidc/login} sends
 * the browser to the provider; {@code /console/oidc/callback} takes the code back, exchanges it at
 * the token endpoint, checks the ID token ({@link OpenIdProvider}) and logs the person in
 * ({@link AccountService#externalLogin}: found by subject, created on the first login, the role
 * from the groups claim). Whatever goes wrong ends on the login page with a message.
 */
@ApplicationScoped
public class OpenIdLogin {

    public static final String LOGIN = ConsoleSessions.CONSOLE + "/oidc/login";
    public static final String CALLBACK = ConsoleSessions.CONSOLE + "/oidc/callback";

    /** A session attribute: the key of the message the login page shows after a refused single sign-on. */
    public static final String REFUSAL_KEY = OpenIdLogin.class.getName() + ".refusal.key";
    /** A session attribute: the text of a refusal by the registry (a name taken, an account deactivated). */
    public static final String REFUSAL_TEXT = OpenIdLogin.class.getName() + ".refusal.text";

    static final String PENDING = OpenIdLogin.class.getName() + ".pending";
    private static final int MAX_PENDING = 5;

    private static final Logger LOG = Logger.getLogger(OpenIdLogin.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A login sent to the provider and not back yet. */
    record Pending(String nonce, String verifier, String next) implements Serializable {}

    @Inject
    OpenIdSettings settings;

    @Inject
    OpenIdProvider provider;

    @Inject
    AccountService accounts;

    @Inject
    AuditService audit;

    @Inject
    PublicUrl publicUrl;

    static boolean handles(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.equals(LOGIN) || path.equals(CALLBACK);
    }

    AuthenticationStatus validateRequest(HttpServletRequest request, HttpMessageContext context, ConsoleSessions sessions) {
        if (!settings.enabled()) {
            return context.doNothing(); // the Faces servlet answers 404
        }
        try {
            return request.getRequestURI().endsWith(LOGIN) ? start(request, context) : callback(request, context, sessions);
        } catch (OpenIdProvider.Failure failure) {
            LOG.log(Level.WARNING, "single sign-on refused: {0}", failure.getMessage());
            if (!"unavailable".equals(failure.key())) {
                audit.record(Caller.ANONYMOUS, AuditEvent.Action.LOGIN_FAILED, "openid connect", Names.clip(failure.getMessage(), 200));
            }
            return refuse(request, context, REFUSAL_KEY, "login.sso." + failure.key());
        } catch (RegistryException refused) {
            return refuse(request, context, REFUSAL_TEXT, refused.getMessage());
        }
    }

    /** Sends the browser to the provider's authorization endpoint with a fresh state, nonce and PKCE challenge. */
    private AuthenticationStatus start(HttpServletRequest request, HttpMessageContext context) throws OpenIdProvider.Failure {
        String authorization = provider.endpoints().authorization();
        String state = random();
        var pending = new Pending(random(), random(), ConsolePaths.local(request.getContextPath(), request.getParameter("next")));
        pendingLogins(request.getSession(true)).put(state, pending);
        String query = Map.of("response_type", "code", "client_id", settings.clientId(), "scope", settings.scopes(),
                "redirect_uri", redirectUri(), "state", state, "nonce", pending.nonce(),
                "code_challenge", challenge(pending.verifier()), "code_challenge_method", "S256")
                .entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b).orElseThrow();
        return context.redirect(authorization + (authorization.contains("?") ? "&" : "?") + query);
    }

    private AuthenticationStatus callback(HttpServletRequest request, HttpMessageContext context, ConsoleSessions sessions)
            throws OpenIdProvider.Failure {
        HttpSession session = request.getSession(false);
        String state = request.getParameter("state");
        Pending pending = session == null || state == null ? null : pendingLogins(session).remove(state);
        if (pending == null) {
            throw new OpenIdProvider.Failure("state", "a callback whose state is not a login of this browser");
        }
        String error = request.getParameter("error");
        if (error != null) {
            throw new OpenIdProvider.Failure("access_denied".equals(error) ? "denied" : "invalid",
                    "the provider answered " + Names.clip(error, 64) + ": " + Names.clip(String.valueOf(request.getParameter("error_description")), 200));
        }
        String code = request.getParameter("code");
        if (code == null || code.isBlank()) {
            throw new OpenIdProvider.Failure("invalid", "the provider's answer has no code");
        }
        JsonObject claims = provider.verify(provider.idToken(code, redirectUri(), pending.verifier()), pending.nonce());
        Caller caller = accounts.externalLogin(identity(claims));
        sessions.start(request, caller);
        return context.redirect(pending.next());
    }

    /** The person the ID token describes. */
    private ExternalIdentity identity(JsonObject claims) throws OpenIdProvider.Failure {
        String username = text(claims.get(settings.usernameClaim()));
        if (username == null || username.isBlank()) {
            throw new OpenIdProvider.Failure("username", "the ID token has no claim " + settings.usernameClaim());
        }
        List<String> groups = switch (claims.get(settings.groupsClaim()) == null ? JsonValue.ValueType.NULL
                : claims.get(settings.groupsClaim()).getValueType()) {
            case ARRAY -> claims.getJsonArray(settings.groupsClaim()).stream().map(OpenIdLogin::text)
                    .filter(g -> g != null).toList();
            case STRING -> List.of(claims.getString(settings.groupsClaim()));
            default -> List.of();
        };
        return new ExternalIdentity(AuthSource.OIDC, claims.getString("sub"), username, text(claims.get("name")),
                text(claims.get("email")), settings.roleOf(groups));
    }

    private static String text(JsonValue value) {
        return value instanceof JsonString s ? s.getString() : null;
    }

    private String redirectUri() {
        return publicUrl.base() + CALLBACK;
    }

    private static AuthenticationStatus refuse(HttpServletRequest request, HttpMessageContext context, String attribute, String message) {
        HttpSession session = request.getSession(true);
        session.setAttribute(attribute, message);
        return context.redirect(request.getContextPath() + ConsolePaths.LOGIN);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Pending> pendingLogins(HttpSession session) {
        synchronized (session) {
            Object pending = session.getAttribute(PENDING);
            if (!(pending instanceof ConcurrentHashMap)) {
                pending = new ConcurrentHashMap<String, Pending>();
                session.setAttribute(PENDING, pending);
            }
            Map<String, Pending> map = (Map<String, Pending>) pending;
            if (map.size() >= MAX_PENDING) {
                map.clear(); // logins abandoned at the provider: only the latest ones matter
            }
            return map;
        }
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
