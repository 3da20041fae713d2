package org.sregistry.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.unique;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;

/**
 * The console's front door in a real browser: the home page for anonymous visitors, logging in
 * (wrong passwords, the terms of use on first login, coming back to the page that asked), logging
 * out, and what a console session may not do (reach the APIs, reach staff pages, leave the site).
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient
class LoginPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    /** A new user with a password, made by the administrator over the admin API. */
    String user(String prefix) {
        String name = unique(prefix);
        ApiClient.of(deployed, ApiClient.adminToken())
                .postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + password(name) + "\"}").expect(201);
        return name;
    }

    static String password(String name) {
        return "pw-" + name + "-123456";
    }

    @Test
    void anonymousVisitorsSeeTheHomePageWithTheSetupCommandsForThisRegistry(WebDriver driver) {
        HomePage home = new HomePage(driver, deployed).open();

        assertThat(home.welcome()).contains("SIF Registry");
        assertThat(home.remoteAddCommand()).contains("apptainer remote add --no-login", "http://127.0.0.1:" + deployed.getPort());
        assertThat(home.offersLogin()).isTrue();
        assertThat(home.loggedInUser()).isNull();
        home.screenshot("home");
    }

    @Test
    void theBareAddressOfABrowserLandsOnTheConsole(WebDriver driver) {
        driver.get("http://127.0.0.1:" + deployed.getPort() + "/");
        assertThat(driver.getCurrentUrl()).endsWith("/console/index.xhtml");
    }

    @Test
    void aWrongPasswordIsRefusedWithAMessageAndAnAuditLine(WebDriver driver) {
        String name = user("wrongpw");
        LoginPage login = new LoginPage(driver, deployed).open().submit(name, "not-the-password");

        assertThat(login.messages()).contains("Unknown username or wrong password.");
        assertThat(login.loggedInUser()).isNull();
        login.screenshot("login-failed");
        String audit = ApiClient.of(deployed, ApiClient.adminToken()).get("api/admin/audit?action=LOGIN_FAILED").expect(200).text();
        assertThat(audit).contains("user " + name);
    }

    @Test
    void theFirstLoginAsksForTheTermsOnceAndLogoutEndsTheSession(WebDriver driver) {
        String name = user("terms");
        LoginPage login = new LoginPage(driver, deployed).open().submit(name, password(name));
        assertThat(login.showsTerms()).isTrue();
        assertThat(login.url()).contains("/console/terms.xhtml");
        login.screenshot("terms");

        login.acceptTerms();
        assertThat(login.url()).endsWith("/console/index.xhtml");
        assertThat(login.loggedInUser()).isEqualTo(name);
        String audit = ApiClient.of(deployed, ApiClient.adminToken()).get("api/admin/audit?action=LOGIN&actor=" + name).expect(200).text();
        assertThat(audit).contains("\"actor\":\"" + name + "\"");

        login.logout();
        assertThat(login.loggedInUser()).isNull();
        login.open().submit(name, password(name));
        assertThat(login.showsTerms()).isFalse();
        assertThat(login.loggedInUser()).isEqualTo(name);
    }

    @Test
    void accountPagesSendAnonymousVisitorsToTheLoginAndBack(WebDriver driver) {
        String name = user("back");
        LoginPage login = new LoginPage(driver, deployed);
        driver.get(base() + "console/account/index.xhtml");
        assertThat(login.url()).contains("/console/login.xhtml?next=");

        login.submit(name, password(name)).acceptTerms();
        assertThat(login.url()).endsWith("/console/account/index.xhtml");
        assertThat(login.loggedInUser()).isEqualTo(name);
    }

    @Test
    void aLoginNeverRedirectsToAnotherSite(WebDriver driver) {
        String name = user("evil");
        LoginPage login = new LoginPage(driver, deployed);
        driver.get(base() + "console/login.xhtml?next=" + URLEncoder.encode("https://evil.example/console/x", StandardCharsets.UTF_8));
        login.submit(name, password(name)).acceptTerms();
        assertThat(login.url()).startsWith(base()).endsWith("/console/index.xhtml");
    }

    @Test
    void staffPagesAreNotFoundForUsersAndTheSessionDoesNotOpenTheApi(WebDriver driver) throws Exception {
        String name = user("nostaff");
        LoginPage login = new LoginPage(driver, deployed).logIn(name, password(name));
        assertThat(login.loggedInUser()).isEqualTo(name);

        driver.get(base() + "console/admin/index.xhtml");
        assertThat(driver.findElement(org.openqa.selenium.By.id("error")).getAttribute("data-status")).isEqualTo("404");

        Cookie session = driver.manage().getCookieNamed("JSESSIONID");
        assertThat(session).isNotNull();
        assertThat(session.isHttpOnly()).isTrue();
        HttpResponse<String> api = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base() + "api/registry/identity"))
                .header("Cookie", "JSESSIONID=" + session.getValue()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(api.statusCode()).isEqualTo(401);
    }

    private String base() {
        return "http://127.0.0.1:" + deployed.getPort() + "/";
    }
}
