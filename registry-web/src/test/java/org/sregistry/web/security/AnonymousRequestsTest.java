package org.sregistry.web.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.security.auth.message.AuthException;
import jakarta.security.auth.message.AuthStatus;
import jakarta.security.auth.message.MessageInfo;
import jakarta.security.auth.message.callback.CallerPrincipalCallback;
import jakarta.security.auth.message.config.ServerAuthContext;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.UnsupportedCallbackException;
import org.junit.jupiter.api.Test;

/**
 * Which requests {@link AnonymousRequests} answers ahead of the mechanism, what it tells the
 * container for them, and that every other request reaches the configuration it replaced unchanged.
 */
class AnonymousRequestsTest {

    private final List<String> delegated = new ArrayList<>();
    private final List<Callback> callbacks = new ArrayList<>();
    private final AtomicInteger counted = new AtomicInteger();

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

    private final AnonymousRequests.Context context = new AnonymousRequests.Context(standard, handler, counted::incrementAndGet);

    @Test
    void aRequestWithoutCredentialsOutsideTheConsoleIsAnsweredAsAnonymous() throws AuthException {
        Subject client = new Subject();
        MessageInfo message = message("/v1/images/alice/tools/box:latest", null, false);

        assertThat(context.validateRequest(message, client, null)).isEqualTo(AuthStatus.SUCCESS);
        assertThat(context.secureResponse(message, null)).isEqualTo(AuthStatus.SEND_SUCCESS);

        assertThat(delegated).as("the mechanism is not asked").isEmpty();
        assertThat(counted).hasValue(1);
        assertThat(callbacks).singleElement().isInstanceOfSatisfying(CallerPrincipalCallback.class, c -> {
            assertThat(c.getSubject()).isSameAs(client);
            assertThat(c.getName()).as("no caller: anonymous").isNull();
            assertThat(c.getPrincipal()).isNull();
        });
    }

    @Test
    void aRequestWithAnAuthorizationHeaderGoesToTheMechanism() throws AuthException {
        MessageInfo message = message("/v1/images/alice/tools/box:latest", "Bearer abc", false);

        assertThat(context.validateRequest(message, new Subject(), null)).isEqualTo(AuthStatus.SEND_CONTINUE);
        assertThat(context.secureResponse(message, null)).isEqualTo(AuthStatus.SEND_FAILURE);

        assertThat(delegated).containsExactly("validate /v1/images/alice/tools/box:latest",
                "secure /v1/images/alice/tools/box:latest");
        assertThat(callbacks).isEmpty();
        assertThat(counted).hasValue(0);
    }

    @Test
    void theConsoleGoesToTheMechanismEvenWithoutCredentials() throws AuthException {
        for (String path : List.of("/console", "/console/", "/console/login.xhtml", "/console/oidc/callback")) {
            MessageInfo message = message(path, null, false);
            context.validateRequest(message, new Subject(), null);
            context.secureResponse(message, null);
        }
        assertThat(delegated).hasSize(8);
        assertThat(counted).hasValue(0);
    }

    @Test
    void aPathThatOnlyStartsLikeTheConsoleIsAnonymous() throws AuthException {
        assertThat(context.validateRequest(message("/consoles", null, false), new Subject(), null))
                .isEqualTo(AuthStatus.SUCCESS);
        assertThat(delegated).isEmpty();
    }

    @Test
    void aRequestThatMustBeAuthenticatedGoesToTheMechanism() throws AuthException {
        // a security constraint, or HttpServletRequest.authenticate(): the container marks it mandatory
        MessageInfo message = message("/version", null, true);

        assertThat(context.validateRequest(message, new Subject(), null)).isEqualTo(AuthStatus.SEND_CONTINUE);
        assertThat(context.secureResponse(message, null)).isEqualTo(AuthStatus.SEND_FAILURE);
        assertThat(delegated).hasSize(2);
    }

    @Test
    void loggingOutAlwaysGoesToTheMechanism() throws AuthException {
        context.cleanSubject(message("/version", null, false), new Subject());
        assertThat(delegated).containsExactly("clean /version");
    }

    @Test
    void aContainerThatRefusesTheAnonymousCallerFailsTheRequest() {
        AnonymousRequests.Context refusing = new AnonymousRequests.Context(standard, all -> {
            throw new UnsupportedCallbackException(all[0]);
        }, counted::incrementAndGet);

        assertThatThrownBy(() -> refusing.validateRequest(message("/version", null, false), new Subject(), null))
                .isInstanceOf(AuthException.class).hasCauseInstanceOf(UnsupportedCallbackException.class);
        assertThat(counted).hasValue(0);
    }

    private static String path(MessageInfo message) {
        return ((HttpServletRequest) message.getRequestMessage()).getRequestURI();
    }

    /** A MessageInfo of the Servlet Container Profile for a request to {@code path} at the root context. */
    private static MessageInfo message(String path, String authorization, boolean mandatory) {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(
                AnonymousRequestsTest.class.getClassLoader(), new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> path;
                    case "getContextPath" -> "";
                    case "getHeader" -> "Authorization".equalsIgnoreCase((String) args[0]) ? authorization : null;
                    // anything else the code under test asks of the request fails the test loudly
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        Map<Object, Object> map = new HashMap<>();
        if (mandatory) {
            map.put(AnonymousRequests.MANDATORY, "true");
        }
        return new MessageInfo() {
            @Override
            public Object getRequestMessage() {
                return request;
            }

            @Override
            public Object getResponseMessage() {
                return null;
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
