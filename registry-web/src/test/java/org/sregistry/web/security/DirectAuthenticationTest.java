package org.sregistry.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.callback.GroupPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;

/**
 * Which requests {@link DirectAuthentication} decides ahead of Jakarta Security's bridge, what it
 * tells the container for them (the same the bridge would, from the same {@link BearerTokens}
 * decision), and that every other request reaches the configuration it replaced unchanged.
 */
class DirectAuthenticationTest {

    private static final String TOKEN = "s3cr3t-token";
    private static final Caller ALICE = new Caller("a1", "alice", Role.USER, true, Set.of());

    private final List<String> delegated = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final AtomicInteger anonymous = new AtomicInteger();
    private final AtomicInteger bearer = new AtomicInteger();
    private final List<String> validated = new ArrayList<>();

    private final ServerAuthContext standard = new ServerAuthContext() {
        @Override
        public AuthStatus validateRequest(MessageInfo message, Subject client, Subject service) {
            delegated.add("validate " + path(message));
            return AuthStatus.SEND_CONTINUE;
        }

        @Override
        public AuthStatus secureResponse(MessageInfo message, Subject service) {
            delegated.add("secure " + path(message));
            return AuthStatus.SEND_FAILURE;
        }

        @Override
        public void cleanSubject(MessageInfo message, Subject subject) {
            delegated.add("clean " + path(message));
        }
    };

    private final CallbackHandler handler = all -> callbacks.addAll(List.of(all));

    /** The mechanism's own decision code, with identity stores that know one token: alice's. */
    private final BearerTokens tokens = new BearerTokens();

    {
        tokens.identityStores = credential -> {
            String token = ((BearerCredential) credential).token();
            validated.add(token);
            return TOKEN.equals(token) ? new CredentialValidationResult(new RegistryPrincipal(ALICE), Set.of("USER"))
                    : CredentialValidationResult.INVALID_RESULT;
        };
    }

    private final DirectAuthentication.Context context = context(handler);

    private DirectAuthentication.Context context(CallbackHandler with) {
        return new DirectAuthentication.Context(standard, with, new DirectAuthentication.Decisions(tokens::decide,
                anonymous::incrementAndGet, bearer::incrementAndGet));
    }

    @Test
    void aRequestWithoutCredentialsOutsideTheConsoleIsAnsweredAsAnonymous() throws AuthException {
        Subject client = new Subject();
        Exchange exchange = new Exchange("/v1/images/alice/tools/box:latest", null, false);

        assertThat(context.validateRequest(exchange.message, client, null)).isEqualTo(AuthStatus.SUCCESS);
        assertThat(context.secureResponse(exchange.message, null)).isEqualTo(AuthStatus.SEND_SUCCESS);

        assertThat(delegated).as("the bridge is not asked").isEmpty();
        assertThat(anonymous).hasValue(1);
        assertThat(bearer).hasValue(0);
        assertNobody(client);
    }

    @Test
    void aValidTokenIsTheCallerWithItsGroupsAsTheBridgeWouldSay() throws AuthException {
        Subject client = new Subject();
        Exchange exchange = new Exchange("/v1/images/alice/tools/box:latest", "BEARER " + TOKEN, false);

        assertThat(context.validateRequest(exchange.message, client, null)).isEqualTo(AuthStatus.SUCCESS);
        assertThat(context.secureResponse(exchange.message, null)).isEqualTo(AuthStatus.SEND_SUCCESS);

        assertThat(delegated).as("the bridge is not asked").isEmpty();
        assertThat(validated).containsExactly(TOKEN);
        assertThat(bearer).hasValue(1);
        assertThat(anonymous).hasValue(0);
        assertThat(exchange.attributes).containsEntry(RegistryAuthenticationMechanism.CALLER, ALICE);
        assertThat(callbacks).hasSize(2);
        assertThat(callbacks.get(0)).isInstanceOfSatisfying(CallerPrincipalCallback.class, c -> {
            assertThat(c.getSubject()).isSameAs(client);
            assertThat(c.getPrincipal()).isInstanceOfSatisfying(RegistryPrincipal.class,
                    p -> assertThat(p.caller()).isEqualTo(ALICE));
        });
        assertThat(callbacks.get(1)).isInstanceOfSatisfying(GroupPrincipalCallback.class, g -> {
            assertThat(g.getSubject()).isSameAs(client);
            assertThat(g.getGroups()).containsExactly("USER");
        });
    }

    @Test
    void anInvalidTokenIsRefusedWithTheApisErrorAndNoCaller() throws AuthException {
        Exchange exchange = new Exchange("/v1/images/alice/tools/box:latest", "Bearer wrong", false);

        assertThat(context.validateRequest(exchange.message, new Subject(), null)).isEqualTo(AuthStatus.SEND_FAILURE);

        assertThat(delegated).isEmpty();
        assertThat(callbacks).as("nobody is logged in").isEmpty();
        assertThat(exchange.status).isEqualTo(401);
        assertThat(exchange.headers).containsEntry("WWW-Authenticate", "Bearer realm=\"registry\"");
        assertThat(exchange.body.toString())
                .isEqualTo("{\"error\":{\"code\":401,\"message\":\"the token is not valid (unknown, revoked or expired)\"}}");
        assertThat(exchange.attributes).doesNotContainKey(RegistryAuthenticationMechanism.CALLER);
        assertThat(bearer).hasValue(1);
    }

    @Test
    void anotherSchemeIsRefusedWithoutAskingTheIdentityStores() throws AuthException {
        Exchange exchange = new Exchange("/v1/images/alice/tools/box:latest", "Basic YWxpY2U6eA==", false);

        assertThat(context.validateRequest(exchange.message, new Subject(), null)).isEqualTo(AuthStatus.SEND_FAILURE);
        assertThat(validated).isEmpty();
        assertThat(exchange.body.toString()).contains("the Authorization header must be 'Bearer <token>'");
    }

    @Test
    void anInvalidTokenOnTheTokenCheckIsNobodyMarkedForTheCheckToAnswer() throws AuthException {
        Subject client = new Subject();
        Exchange exchange = new Exchange("/v1/token-status", "Bearer wrong", false);

        assertThat(context.validateRequest(exchange.message, client, null)).isEqualTo(AuthStatus.SUCCESS);

        assertThat(exchange.attributes).containsEntry(RegistryAuthenticationMechanism.INVALID_TOKEN, Boolean.TRUE);
        assertThat(exchange.status).as("nothing written: the check answers 404 itself").isZero();
        assertNobody(client);
    }

    @Test
    void theSchemeAloneToTheKeystoreIsNobody() throws AuthException {
        Subject client = new Subject();
        Exchange exchange = new Exchange("/pks/lookup", "Bearer", false);

        assertThat(context.validateRequest(exchange.message, client, null)).isEqualTo(AuthStatus.SUCCESS);
        assertThat(validated).isEmpty();
        assertNobody(client);
        assertThat(bearer).hasValue(1);
    }

    @Test
    void theConsoleWithoutATokenGoesToTheBridge() throws AuthException {
        for (String path : List.of("/console", "/console/", "/console/login.xhtml", "/console/oidc/callback")) {
            Exchange exchange = new Exchange(path, null, false);
            context.validateRequest(exchange.message, new Subject(), null);
            context.secureResponse(exchange.message, null);
        }
        assertThat(delegated).hasSize(8);
        assertThat(anonymous).hasValue(0);
        assertThat(bearer).hasValue(0);
    }

    @Test
    void aPathThatOnlyStartsLikeTheConsoleIsAnonymous() throws AuthException {
        assertThat(context.validateRequest(new Exchange("/consoles", null, false).message, new Subject(), null))
                .isEqualTo(AuthStatus.SUCCESS);
        assertThat(delegated).isEmpty();
    }

    @Test
    void aRequestThatMustBeAuthenticatedGoesToTheBridgeWithOrWithoutAToken() throws AuthException {
        // a security constraint, or HttpServletRequest.authenticate(): the container marks it mandatory
        for (String authorization : new String[] {null, "Bearer " + TOKEN}) {
            Exchange exchange = new Exchange("/version", authorization, true);
            assertThat(context.validateRequest(exchange.message, new Subject(), null)).isEqualTo(AuthStatus.SEND_CONTINUE);
            assertThat(context.secureResponse(exchange.message, null)).isEqualTo(AuthStatus.SEND_FAILURE);
        }
        assertThat(delegated).hasSize(4);
        assertThat(validated).isEmpty();
    }

    @Test
    void loggingOutAlwaysGoesToTheBridge() throws AuthException {
        context.cleanSubject(new Exchange("/version", "Bearer " + TOKEN, false).message, new Subject());
        assertThat(delegated).containsExactly("clean /version");
    }

    @Test
    void aContainerThatRefusesTheCallerFailsTheRequest() {
        DirectAuthentication.Context refusing = context(all -> {
            throw new UnsupportedCallbackException(all[0]);
        });

        for (String authorization : new String[] {null, "Bearer " + TOKEN}) {
            assertThatThrownBy(() -> refusing.validateRequest(new Exchange("/version", authorization, false).message,
                    new Subject(), null))
                    .isInstanceOf(AuthException.class).hasCauseInstanceOf(UnsupportedCallbackException.class);
        }
    }

    private void assertNobody(Subject client) {
        assertThat(callbacks).singleElement().isInstanceOfSatisfying(CallerPrincipalCallback.class, c -> {
            assertThat(c.getSubject()).isSameAs(client);
            assertThat(c.getName()).as("no caller: anonymous").isNull();
            assertThat(c.getPrincipal()).isNull();
        });
    }

    private static String path(MessageInfo message) {
        return ((HttpServletRequest) message.getRequestMessage()).getRequestURI();
    }

    /**
     * A MessageInfo of the Servlet Container Profile for a request to {@code path} at the root
     * context, with what the code under test leaves in the request and writes to the response.
     */
    private static final class Exchange {

        final Map<String, Object> attributes = new HashMap<>();
        final Map<String, String> headers = new HashMap<>();
        final StringWriter body = new StringWriter();
        int status;
        final MessageInfo message;

        Exchange(String path, String authorization, boolean mandatory) {
            HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                    DirectAuthenticationTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getRequestURI" -> path;
                        case "getContextPath" -> "";
                        case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                        case "setAttribute" -> attributes.put((String) args[0], args[1]);
                        // anything else the code under test asks of the request fails the test loudly
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(
                    DirectAuthenticationTest.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "setStatus" -> {
                            status = (Integer) args[0];
                            yield null;
                        }
                        case "setHeader" -> headers.put((String) args[0], (String) args[1]);
                        case "setContentType" -> headers.put("Content-Type", (String) args[0]);
                        case "getWriter" -> new PrintWriter(body, true);
                        // as for the request: anything else written to the response fails the test loudly
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
            Map<Object, Object> map = new HashMap<>();
            if (mandatory) {
                map.put(DirectAuthentication.MANDATORY, "true");
            }
            message = new MessageInfo() {
                @Override
                public Object getRequestMessage() {
                    return request;
                }

                @Override
                public Object getResponseMessage() {
                    return response;
                }

                @Override
                public void setRequestMessage(Object message) {}

                @Override
                public void setResponseMessage(Object message) {}

                @Override
                @SuppressWarnings("rawtypes")
                public Map getMap() {
                    return map;
                }
            };
        }
    }
}
