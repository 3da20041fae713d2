package org.sregistry.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;

/**
 * OpenID Connect logins against a real provider (mock-oauth2-server, started here in the test JVM
 * on 127.0.0.1:{@code it.oidc.port}; the registry is configured with it as REGISTRY_OIDC_ISSUER by
 * the build and reads its discovery document at the first login): the button, the authorization
 * code flow through the provider's sign-in form, account creation by subject, the groups claim
 * mapped to a role, and refusals (a forged state, a denied consent, a taken name) that end on the
 * login page with a message. Also the token exchange ({@code POST /api/tokens/exchange}) over HTTP.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient
class OpenIdLoginPageIT {

    static final int PROVIDER_PORT = Integer.getInteger("it.oidc.port", 38290);

    static MockOAuth2Server provider;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    @BeforeAll
    static void startProvider() throws IOException {
        provider = new MockOAuth2Server(OAuth2Config.Companion.fromJson("{\"interactiveLogin\": true}"));
        provider.start(InetAddress.getByName("127.0.0.1"), PROVIDER_PORT);
    }

    @AfterAll
    static void stopProvider() {
        if (provider != null) {
            provider.shutdown();
        }
    }

    /** An address of the registry as the browser reaches it (on 127.0.0.1, like the page objects). */
    String registry(String path) {
        String context = deployed.getPath().isEmpty() ? "/" : deployed.getPath();
        return "http://127.0.0.1:" + deployed.getPort() + (context.endsWith("/") ? context : context + "/") + path;
    }

    ApiClient admin() {
        return ApiClient.of(deployed, ApiClient.adminToken());
    }

    JsonObject account(String username) {
        return admin().get("api/admin/users/" + username).expect(200).data();
    }

    /** Logs in through the provider as {@code subject} with these claims; accepts the terms if asked. */
    LoginPage singleSignOn(WebDriver driver, String subject, String claims) {
        LoginPage login = new LoginPage(driver, deployed).open();
        login.startSingleSignOn();
        new ProviderLoginPage(driver).signIn(subject, claims);
        if (login.showsTerms()) {
            login.acceptTerms();
        }
        return login;
    }

    @Test
    void theLoginPageOffersTheProvider(WebDriver driver) {
        LoginPage login = new LoginPage(driver, deployed).open();
        assertThat(login.singleSignOnButton()).isEqualTo("Log in with Test SSO");
        login.screenshot("login-oidc");
    }

    @Test
    void aPersonLogsInThroughTheProviderAndIsFoundAgainBySubject(WebDriver driver) {
        LoginPage login = singleSignOn(driver, "subject-ada-1", """
                {"preferred_username": "Ada.Lovelace", "name": "Ada Lovelace", "email": "ada@example.org",
                 "groups": ["registry-admins", "physics"]}""");

        assertThat(login.loggedInUser()).isEqualTo("ada.lovelace");
        assertThat(login.url()).contains("/console/index.xhtml");
        JsonObject ada = account("ada.lovelace");
        assertThat(ada.getString("authSource")).isEqualTo("OIDC");
        assertThat(ada.getString("role")).isEqualTo("ADMIN");
        assertThat(ada.getString("lastLoginAt", null)).isNotNull();
        admin().get("v1/entities/ada.lovelace").expect(200);
        login.screenshot("login-oidc-logged-in");

        // the same subject with another username and no admin group: the same account, now a user
        login.logout();
        login = singleSignOn(driver, "subject-ada-1", """
                {"preferred_username": "ada.renamed", "groups": "physics"}""");
        assertThat(login.loggedInUser()).isEqualTo("ada.lovelace");
        assertThat(account("ada.lovelace").getString("role")).isEqualTo("USER");
        admin().get("api/admin/users/ada.renamed").expect(404);
        assertThat(ada.getString("id")).isEqualTo(account("ada.lovelace").getString("id"));
    }

    @Test
    void anAccountPageAskedForIsWhereTheLoginEnds(WebDriver driver) {
        LoginPage login = new LoginPage(driver, deployed).open();
        // an anonymous visitor asks for an account page: the login page, with the way back
        driver.get(registry("console/account/index.xhtml"));
        assertThat(login.url()).contains("/console/login.xhtml?next=");
        login.startSingleSignOn();
        new ProviderLoginPage(driver).signIn("subject-grace-2",
                "{\"preferred_username\": \"grace.h\", \"groups\": [\"registry-superusers\"]}");
        if (login.showsTerms()) {
            login.acceptTerms();
        }
        assertThat(login.url()).contains("/console/account/index.xhtml");
        assertThat(login.loggedInUser()).isEqualTo("grace.h");
        assertThat(account("grace.h").getString("role")).isEqualTo("SUPERUSER");
    }

    @Test
    void aForgedStateIsRefused(WebDriver driver) {
        LoginPage login = new LoginPage(driver, deployed).open();
        login.startSingleSignOn();
        ProviderLoginPage provider = new ProviderLoginPage(driver);
        // the provider sends the code back with a state this browser never sent
        driver.get(provider.url().replaceAll("([?&]state=)[^&]+", "$1forged-state"));
        new ProviderLoginPage(driver).signIn("subject-mallory", "{\"preferred_username\": \"mallory\"}");

        assertThat(login.url()).contains("/console/login.xhtml");
        assertThat(login.messages()).contains("does not belong to a login started in this browser");
        assertThat(login.loggedInUser()).isNull();
        admin().get("api/admin/users/mallory").expect(404);

        // a callback out of nowhere (no login started) is refused the same way
        driver.manage().deleteAllCookies();
        driver.get(registry("console/oidc/callback?state=x&code=y"));
        assertThat(login.messages()).contains("does not belong to a login started in this browser");
        assertThat(login.loggedInUser()).isNull();
    }

    @Test
    void aDeniedConsentEndsOnTheLoginPage(WebDriver driver) {
        LoginPage login = new LoginPage(driver, deployed).open();
        login.startSingleSignOn();
        Matcher state = Pattern.compile("[?&]state=([^&]+)").matcher(new ProviderLoginPage(driver).url());
        assertThat(state.find()).isTrue();
        // what a provider sends back when the person says no
        driver.get(registry("console/oidc/callback?error=access_denied&state=" + state.group(1)));

        assertThat(login.url()).contains("/console/login.xhtml");
        assertThat(login.messages()).contains("cancelled or refused");
        assertThat(login.loggedInUser()).isNull();
        login.screenshot("login-oidc-denied");
    }

    @Test
    void aNameThatAnotherAccountHasIsRefusedWithAClearMessage(WebDriver driver) {
        admin().postJson("api/admin/users", "{\"username\":\"oidc-taken\",\"password\":\"local-password-123\"}").expect(201);

        LoginPage login = singleSignOn(driver, "subject-taken", "{\"preferred_username\": \"OIDC-Taken\"}");
        assertThat(login.loggedInUser()).isNull();
        assertThat(login.url()).contains("/console/login.xhtml");
        assertThat(login.messages()).contains("'oidc-taken'", "another account or team already has");
        assertThat(account("oidc-taken").getString("authSource")).isEqualTo("LOCAL");
    }

    // ---- token exchange: a username and password for a token --------------------------------

    @Test
    void aLocalAccountExchangesItsPasswordForAToken() {
        admin().postJson("api/admin/users", "{\"username\":\"exchanger\",\"password\":\"exchange-pw-123\"}").expect(201);
        ApiClient anonymous = admin().anonymous();

        String expiry = Instant.now().plus(1, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        JsonObject token = anonymous.postJson("api/tokens/exchange", """
                {"username": "exchanger", "password": "exchange-pw-123", "name": "ci laptop", "scope": "read", "expiresAt": "%s"}"""
                .formatted(expiry)).expect(201).data();
        assertThat(token.getString("name")).isEqualTo("ci laptop");
        assertThat(token.getString("scope")).isEqualTo("READ");
        assertThat(token.getString("expiresAt")).isEqualTo(expiry);
        String secret = token.getString("token");
        assertThat(secret).startsWith("sreg_");

        JsonObject identity = anonymous.withToken(secret).get("api/registry/identity").expect(200).data();
        assertThat(identity.getString("username")).isEqualTo("exchanger");
        assertThat(identity.getBoolean("canWrite")).isFalse();
        // the token is read-only: it cannot mint another token
        anonymous.withToken(secret).postJson("api/tokens", "{\"name\":\"more\"}").expect(403);
        // listed among the account's tokens, without its secret
        String mine = anonymous.withToken(secret).get("api/tokens").text();
        assertThat(mine).contains("ci laptop").doesNotContain(secret);
        // the exchange is audited
        assertThat(admin().get("api/admin/audit?actor=exchanger").text()).contains("TOKEN_CREATE", "LOGIN");
    }

    @Test
    void aWrongPasswordOrAMissingOneIsRefused() {
        admin().postJson("api/admin/users", "{\"username\":\"exchanger2\",\"password\":\"exchange-pw-123\"}").expect(201);
        ApiClient anonymous = admin().anonymous();

        ApiClient.Reply wrong = anonymous.postJson("api/tokens/exchange",
                "{\"username\":\"exchanger2\",\"password\":\"nope\",\"name\":\"x\"}").expect(401);
        assertThat(wrong.error().getInt("code")).isEqualTo(401);
        assertThat(wrong.errorMessage()).contains("wrong password");
        anonymous.postJson("api/tokens/exchange", "{\"username\":\"nobody-here\",\"password\":\"nope\",\"name\":\"x\"}").expect(401);
        assertThat(anonymous.postJson("api/tokens/exchange", "{\"username\":\"exchanger2\",\"name\":\"x\"}").expect(400)
                .errorMessage()).contains("password");
        anonymous.postJson("api/tokens/exchange", "{\"username\":\"exchanger2\",\"password\":\"exchange-pw-123\"}").expect(400);
        assertThat(admin().get("api/admin/audit?action=LOGIN_FAILED").text()).contains("user exchanger2");
    }

    @Test
    void serviceAccountsCannotExchange() {
        admin().postJson("api/admin/users", "{\"username\":\"exchange-robot\",\"service\":true}").expect(201);
        ApiClient.Reply refused = admin().anonymous().postJson("api/tokens/exchange",
                "{\"username\":\"exchange-robot\",\"password\":\"anything\",\"name\":\"x\"}").expect(403);
        assertThat(refused.errorMessage()).contains("service accounts");
    }

    @Test
    void aDirectoryPersonExchangesTheirDirectoryPassword() {
        int ldapPort = Integer.getInteger("it.ldap.port", 3389);
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", ldapPort), 2000);
        } catch (IOException e) {
            assumeTrue(false, "no test directory on 127.0.0.1:" + ldapPort);
        }
        String secret = admin().anonymous().postJson("api/tokens/exchange",
                "{\"username\":\"ada\",\"password\":\"ada-directory-pw\",\"name\":\"from a script\"}").expect(201).data().getString("token");
        assertThat(admin().withToken(secret).get("api/registry/identity").expect(200).data().getString("username")).isEqualTo("ada");
        assertThat(account("ada").getString("authSource")).isEqualTo("LDAP");
    }
}
