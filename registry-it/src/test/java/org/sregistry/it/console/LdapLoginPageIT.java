package org.sregistry.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;

/**
 * Console logins against a real OpenLDAP server (src/test/ldap: slapd with a small directory,
 * started by the build before the tests): Jakarta Security's LDAP identity store checks the
 * password, directory groups become roles, the first login creates the account under a normalized
 * name, and a name another account already has is refused with a message that says so.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient
class LdapLoginPageIT {

    static final int PORT = Integer.getInteger("it.ldap.port", 3389);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    @BeforeAll
    static void directoryIsUp() {
        boolean up;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 2000);
            up = true;
        } catch (IOException e) {
            up = false;
        }
        if (!up && Boolean.getBoolean("it.ldap.required")) {
            fail("the test directory (slapd) is not listening on 127.0.0.1:" + PORT + " and it.ldap.required is set");
        }
        assumeTrue(up, "no test directory on 127.0.0.1:" + PORT + " (slapd not installed)");
    }

    JsonObject account(String username) {
        return ApiClient.of(deployed, ApiClient.adminToken()).get("api/admin/users/" + username).expect(200).data();
    }

    @Test
    void aDirectoryPersonLogsInAndGetsAnAccountOfTheirName(WebDriver driver) {
        LoginPage login = new LoginPage(driver, deployed).logIn("ada", "ada-directory-pw");

        assertThat(login.loggedInUser()).isEqualTo("ada");
        JsonObject ada = account("ada");
        assertThat(ada.getString("authSource")).isEqualTo("LDAP");
        assertThat(ada.getString("role")).isEqualTo("USER");
        assertThat(ada.getString("lastLoginAt", null)).isNotNull();
        // the account's namespace exists: the person can push into it
        ApiClient.of(deployed, ApiClient.adminToken()).get("v1/entities/ada").expect(200);
    }

    @Test
    void aWrongDirectoryPasswordAndAnEmptyOneAreRefused(WebDriver driver) {
        LoginPage login = new LoginPage(driver, deployed).open().submit("ada", "not-her-password");
        assertThat(login.messages()).contains("Unknown username or wrong password.");
        assertThat(login.loggedInUser()).isNull();

        login.open().submit("ada)(uid=*", "x");
        assertThat(login.loggedInUser()).isNull();
    }

    @Test
    void directoryGroupsDecideTheRoleAtEveryLogin(WebDriver driver) throws Exception {
        LoginPage login = new LoginPage(driver, deployed).logIn("grace", "grace-directory-pw");
        assertThat(login.loggedInUser()).isEqualTo("grace");
        assertThat(account("grace").getString("role")).isEqualTo("ADMIN");

        ldapModify("""
                dn: cn=registry-admins,ou=groups,dc=registry,dc=test
                changetype: modify
                delete: member
                member: uid=grace,ou=people,dc=registry,dc=test
                """);
        try {
            login.logout();
            login.logIn("grace", "grace-directory-pw");
            assertThat(account("grace").getString("role")).isEqualTo("USER");
        } finally {
            ldapModify("""
                    dn: cn=registry-admins,ou=groups,dc=registry,dc=test
                    changetype: modify
                    add: member
                    member: uid=grace,ou=people,dc=registry,dc=test
                    """);
        }
    }

    @Test
    void directoryNamesAreMadeIntoRegistryNames(WebDriver driver) {
        LoginPage login = new LoginPage(driver, deployed).logIn("J.Doe", "jdoe-directory-pw");
        assertThat(login.loggedInUser()).isEqualTo("j.doe");
        assertThat(account("j.doe").getString("authSource")).isEqualTo("LDAP");
    }

    @Test
    void aNameThatAnotherAccountHasIsRefusedWithAClearMessage(WebDriver driver) {
        ApiClient.of(deployed, ApiClient.adminToken())
                .postJson("api/admin/users", "{\"username\":\"taken\",\"password\":\"local-password-123\"}").expect(201);

        LoginPage login = new LoginPage(driver, deployed).open().submit("taken", "taken-directory-pw");
        assertThat(login.loggedInUser()).isNull();
        assertThat(login.messages()).contains("'taken'", "another account or team already has");
        login.screenshot("login-ldap-name-taken");
        assertThat(account("taken").getString("authSource")).isEqualTo("LOCAL");
    }

    private static void ldapModify(String ldif) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("ldapmodify", "-x", "-H", "ldap://127.0.0.1:" + PORT + "/",
                "-D", "cn=admin,dc=registry,dc=test", "-w", "admin-directory-pw").redirectErrorStream(true).start();
        p.getOutputStream().write(ldif.getBytes(StandardCharsets.UTF_8));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
