package org.sregistry.it.console.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.unique;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.TestImages;
import org.sregistry.it.console.LoginPage;

/**
 * The staff pages in a real browser: an administrator (role ADMIN, made over the API) manages
 * accounts, settings, storage, collections, teams, reads the audit log and runs a job; everything
 * is checked against the APIs. People who are not staff get the not-found page.
 */
@ExtendWith({ArquillianExtension.class, org.sregistry.it.console.Browser.class})
@RunAsClient
class AdminPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient root() {
        return ApiClient.of(deployed, ApiClient.adminToken());
    }

    String user(String prefix, String role) {
        String name = unique(prefix);
        root().postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + password(name)
                + "\",\"role\":\"" + role + "\"}").expect(201);
        return name;
    }

    String token(String name) {
        return root().postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201).data().getString("token");
    }

    static String password(String name) {
        return "pw-" + name + "-123456";
    }

    LoginPage logIn(WebDriver driver, String name, String password) {
        LoginPage login = new LoginPage(driver, deployed).logIn(name, password);
        assertThat(login.loggedInUser()).isEqualTo(name);
        return login;
    }

    @Test
    void anAdministratorManagesAccountsAndADeactivationStopsSessionsAndTokensAtOnce(WebDriver driver) throws Exception {
        String admin = user("adm", "ADMIN");
        String victim = user("victim", "USER");
        ApiClient victimApi = ApiClient.of(deployed, token(victim));
        victimApi.get("api/registry/identity").expect(200);
        logIn(driver, victim, password(victim));
        String victimSession = driver.manage().getCookieNamed("JSESSIONID").getValue();
        assertThat(console(victimSession, "console/account/index.xhtml").statusCode()).isEqualTo(200);
        driver.manage().deleteAllCookies();

        logIn(driver, admin, password(admin));
        AdminUsersPage users = new AdminUsersPage(driver, deployed).open();
        String person = unique("person");
        users.create(person, "first-" + person + "-pw", "USER", false);
        assertThat(users.messages()).contains("User " + person + " created.");
        assertThat(users.show(person).state()).isEqualTo("active");
        assertThat(root().get("api/admin/users/" + person).expect(200).data().getString("role")).isEqualTo("USER");

        String robot = unique("robot");
        users.create(robot, null, "USER", true);
        users.show(robot).rowAction("token");
        String robotToken = users.secret();
        assertThat(robotToken).startsWith("sreg_");
        assertThat(ApiClient.of(deployed, robotToken).get("api/registry/identity").expect(200).data().getString("username"))
                .isEqualTo(robot);
        assertThat(root().get("api/admin/users/" + robot).expect(200).data().getBoolean("service")).isTrue();

        users.changeRole(victim, "ADMIN");
        assertThat(users.messages()).contains(victim + " is now ADMIN");
        assertThat(root().get("api/admin/users/" + victim).expect(200).data().getString("role")).isEqualTo("ADMIN");
        users.changeRole(victim, "SUPERUSER");
        assertThat(users.messages()).contains("only a superuser may make or unmake superusers");
        assertThat(root().get("api/admin/users/" + victim).expect(200).data().getString("role")).isEqualTo("ADMIN");

        users.show(victim).rowAction("deactivate");
        assertThat(users.messages()).contains(victim + " is deactivated");
        assertThat(users.state()).isEqualTo("deactivated");
        assertThat(victimApi.get("api/registry/identity").status()).isEqualTo(401);
        HttpResponse<String> page = console(victimSession, "console/account/index.xhtml");
        assertThat(page.statusCode()).isEqualTo(302);
        assertThat(page.headers().firstValue("Location").orElse("")).contains("/console/login.xhtml");
        assertThat(root().get("api/admin/users?q=" + victim).expect(200).data().getJsonArray("items").getJsonObject(0)
                .getBoolean("active")).isFalse();

        users.show(person).rowAction("reset");
        String newPassword = users.secret();
        assertThat(newPassword).hasSizeGreaterThanOrEqualTo(16);
        users.screenshot("admin-users");
        users.logout();
        assertThat(new LoginPage(driver, deployed).open().submit(person, "first-" + person + "-pw").messages())
                .contains("Unknown username or wrong password.");
        logIn(driver, person, newPassword);
    }

    @Test
    void theAdminApiScriptsTheSameAccountChanges() {
        String admin = user("apiadm", "ADMIN");
        String target = user("apiuser", "USER");
        ApiClient adminApi = ApiClient.of(deployed, token(admin));
        assertThat(adminApi.send("PATCH", "api/admin/users/" + target,
                HttpRequest.BodyPublishers.ofString("{\"role\":\"SUPERUSER\"}"), "Content-Type", "application/json")
                .expect(403).errorMessage()).contains("only a superuser");
        assertThat(adminApi.send("PATCH", "api/admin/users/" + target,
                HttpRequest.BodyPublishers.ofString("{\"role\":\"ADMIN\",\"active\":false}"), "Content-Type", "application/json")
                .expect(200).data().getBoolean("active")).isFalse();
        adminApi.putJson("api/admin/users/" + target, "{\"active\":true}").expect(200);
        adminApi.putJson("api/admin/users/" + target, "{\"role\":\"KING\"}").expect(400);
        adminApi.putJson("api/admin/users/" + admin, "{\"active\":false}").expect(403);
        String fresh = adminApi.postJson("api/admin/users/" + target + "/password", "").expect(200).data().getString("password");
        assertThat(root().postJson("api/admin/users", "{\"username\":\"" + unique("x") + "\"}").status()).isEqualTo(201);
        var page = adminApi.get("api/admin/users?q=" + target + "&limit=5").expect(200).data();
        assertThat(page.getInt("total")).isEqualTo(1);
        assertThat(page.getJsonArray("items").getJsonObject(0).getString("role")).isEqualTo("ADMIN");
        assertThat(fresh).isNotBlank();
        adminApi.get("api/admin/users?limit=0").expect(400);
        ApiClient.of(deployed, token(user("plain", "USER"))).get("api/admin/users").expect(403);
    }

    @Test
    void settingsShowWhereTheirValueComesFromAndResetToIt(WebDriver driver) {
        String admin = user("setadm", "ADMIN");
        logIn(driver, admin, password(admin));
        AdminSettingsPage settings = new AdminSettingsPage(driver, deployed).open();
        assertThat(settings.source("USER_COLLECTION_LIMIT")).isEqualTo("default");

        settings.set("USER_COLLECTION_LIMIT", "7");
        assertThat(settings.messages()).contains("USER_COLLECTION_LIMIT saved.");
        assertThat(settings.source("USER_COLLECTION_LIMIT")).isEqualTo("database");
        assertThat(settings.value("USER_COLLECTION_LIMIT")).isEqualTo("7");
        assertThat(root().get("api/admin/settings").expect(200).text())
                .contains("{\"configKey\":\"registry.policy.user-collection-limit\",\"defaultValue\":\"0\",\"name\":\"USER_COLLECTION_LIMIT\",\"source\":\"database\",\"value\":\"7\"}");
        settings.screenshot("admin-settings");

        settings.set("USER_COLLECTION_LIMIT", "many");
        assertThat(settings.messages()).contains("USER_COLLECTION_LIMIT takes a whole number");
        assertThat(settings.source("USER_COLLECTION_LIMIT")).isEqualTo("database");

        settings.reset("USER_COLLECTION_LIMIT");
        assertThat(settings.source("USER_COLLECTION_LIMIT")).isEqualTo("default");
        assertThat(settings.value("USER_COLLECTION_LIMIT")).isEqualTo("0");
        assertThat(root().get("api/admin/audit?action=SETTING&actor=" + admin).expect(200).text()).contains("reset, now 0");
    }

    @Test
    void storageCollectionsTeamsAndTheAuditLogShowWhatWasPushed(WebDriver driver) {
        String admin = user("stadm", "ADMIN");
        String entity = unique("stor");
        String collection = "data";
        LibraryClient library = new LibraryClient(root());
        library.push(entity, collection, "one", TestImages.sif(300_000), "amd64");
        library.push(entity, collection, "two", TestImages.sif(700_000), "amd64");
        String team = unique("crew");
        root().postJson("api/teams", "{\"name\":\"" + team + "\"}").expect(201);

        logIn(driver, admin, password(admin));
        AdminOverviewPage overview = new AdminOverviewPage(driver, deployed).open();
        var totals = root().get("api/admin/storage").expect(200).data();
        assertThat(overview.figure("collections")).isEqualTo(String.valueOf(totals.getJsonNumber("collections").longValue()));
        assertThat(overview.figure("teams")).isEqualTo(String.valueOf(totals.getJsonNumber("teams").longValue()));
        overview.screenshot("admin-overview");

        AdminStoragePage storage = new AdminStoragePage(driver, deployed).open();
        assertThat(storage.totalBytes()).isEqualTo(totals.getJsonNumber("imageBytes").longValue()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(storage.hasChart()).isTrue();
        assertThat(storage.collection(entity + "/" + collection)).containsExactly(entity + "/" + collection, "2", "1000000", "2");
        storage.setQuota(entity, 5);
        assertThat(storage.messages()).contains("The quota of " + entity + " is now 5 MiB.");
        assertThat(storage.quotaOf(entity)).isEqualTo("5.0 MiB");
        storage.screenshot("admin-storage");

        AdminAuditPage audit = new AdminAuditPage(driver, deployed).open().filterBy(null, "PUSH");
        assertThat(audit.table()).contains(entity + "/" + collection + "/two", "(700000 bytes)");
        audit.filterBy(admin, null);
        assertThat(audit.table()).contains("LOGIN").doesNotContain("PUSH");
        audit.screenshot("admin-audit");

        AdminCollectionsPage collections = new AdminCollectionsPage(driver, deployed).open().show(entity + "/" + collection);
        assertThat(collections.link()).endsWith("/console/collection.xhtml?entity=" + entity + "&collection=" + collection);
        assertThat(collections.privacy()).isEqualTo("public");
        root().anonymous().get("v1/collections/" + entity + "/" + collection).expect(200);
        collections.makePrivate();
        assertThat(collections.show(entity + "/" + collection).privacy()).isEqualTo("private");
        root().anonymous().get("v1/collections/" + entity + "/" + collection).expect(404);
        collections.screenshot("admin-collections");

        AdminTeamsPage teams = new AdminTeamsPage(driver, deployed).open().show(team);
        assertThat(teams.names()).contains(team);
        teams.screenshot("admin-teams");
        teams.delete();
        assertThat(teams.messages()).contains("Team " + team + " deleted.");
        root().get("api/teams/" + team).expect(404);
    }

    @Test
    void aJobIsStartedFollowedToItsEndAndKeptInTheHistory(WebDriver driver) {
        new LibraryClient(root()).pushNew(unique("jobs"), 50_000);
        String admin = user("jobadm", "ADMIN");
        logIn(driver, admin, password(admin));
        AdminJobsPage jobs = new AdminJobsPage(driver, deployed).open().start("storage-verify");
        assertThat(jobs.messages()).contains("Job storage-verify started as run");
        assertThat(jobs.awaitEnd()).isEqualTo("COMPLETED");
        long id = jobs.executionId();
        var report = root().get("api/admin/jobs/" + id).expect(200).data();
        assertThat(jobs.summary()).isNotBlank().isEqualTo(report.getString("summary"));
        long read = report.getJsonArray("steps").getJsonObject(0).getJsonObject("metrics").getJsonNumber("read_count").longValue();
        assertThat(read).isPositive();
        assertThat(jobs.metrics()).contains("read_count=" + read);
        assertThat(jobs.history()).contains(String.valueOf(id), "storage-verify", "COMPLETED");
        jobs.screenshot("admin-jobs");
    }

    @Test
    void importLibraryIsStartedFromTheJobsPageWithTheSourceTokenInAPasswordField(WebDriver driver) {
        LibraryClient library = new LibraryClient(root());
        String from = unique("csrc");
        String to = unique("cdst");
        var pushed = library.push(from, "tools", "box", TestImages.sif(4000), "amd64", "v1");
        library.entity(to);
        String admin = user("mirroradm", "ADMIN");
        logIn(driver, admin, password(admin));
        String source = root().base().toString().replaceAll("/$", "");

        AdminJobsPage jobs = new AdminJobsPage(driver, deployed).open();
        assertThat(jobs.parameterType("import-library", "sourceToken")).isEqualTo("password");
        jobs.start("import-library", java.util.Map.of("source", source, "refs", from + "/tools/box:v1", "entity", to,
                "sourceToken", ApiClient.adminToken()));

        assertThat(jobs.messages()).contains("Job import-library started as run");
        assertThat(jobs.awaitEnd()).isEqualTo("COMPLETED");
        assertThat(jobs.summary()).isEqualTo("MIRRORED 1 images (" + pushed.bytes().length + " bytes), 0 already present, 0 skipped");
        assertThat(library.pull(to + "/tools/box:v1", "amd64")).isEqualTo(pushed.bytes());
        assertThat(driver.getPageSource()).doesNotContain(ApiClient.adminToken());
    }

    @Test
    void theKeysPageListsFiltersAndRevokesAKeyAndTheImageItSignedIsNoLongerValid(WebDriver driver) throws Exception {
        String libclient = System.getProperty("LIBCLIENT", System.getenv("LIBCLIENT"));
        org.junit.jupiter.api.Assumptions.assumeTrue(libclient != null && Files.isExecutable(Path.of(libclient)),
                "LIBCLIENT is not set");
        Path mksif = Path.of(System.getenv().getOrDefault("SHARED_DIR", "../../shared"))
                .resolve("libclient/mksif.sh").toAbsolutePath().normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(mksif), "mksif.sh not found at " + mksif);
        Path dir = Files.createTempDirectory("adminkeys");
        String uid = unique("keyholder");
        String out = run(libclient, "keygen", uid, uid + "@example.org", dir.resolve("k").toString(), "2048");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("fingerprint=([0-9A-F]{40})").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        String fingerprint = m.group(1);
        Path sif = dir.resolve("s.sif");
        run("env", "SIF_GROUP=1", mksif.toString(), sif.toString(), "1M", uid);
        run(libclient, "sign", sif.toString(), dir.resolve("k.sec.asc").toString());

        // a user publishes the key; an image it signed is pushed and valid
        String holder = user("keyown", "USER");
        root().withToken(token(holder)).send("POST", "pks/add", HttpRequest.BodyPublishers.ofString("keytext="
                + java.net.URLEncoder.encode(Files.readString(dir.resolve("k.pub.asc")), java.nio.charset.StandardCharsets.UTF_8)),
                "Content-Type", "application/x-www-form-urlencoded").expect(200);
        String entity = unique("keys");
        new LibraryClient(root()).push(entity, "coll", "signed", Files.readAllBytes(sif), "amd64", "latest");

        String admin = user("keyadm", "ADMIN");
        logIn(driver, admin, password(admin));
        var container = new org.sregistry.it.collection.ContainerPage(driver, deployed).open(entity, "coll", "signed");
        assertThat(container.tagVerdict(0)).isEqualTo("valid");
        assertThat(container.tags()).contains(fingerprint.substring(24));

        AdminKeysPage keys = new AdminKeysPage(driver, deployed).open();
        assertThat(driver.findElement(By.id("adminKeysLink")).getAttribute("href")).endsWith("/console/admin/keys.xhtml");
        keys.show(holder, fingerprint); // by owner
        assertThat(keys.table()).contains(fingerprint, holder, uid + " <" + uid + "@example.org>");
        assertThat(keys.state()).isEqualTo("served");
        keys.show(fingerprint.substring(10, 30).toLowerCase(), fingerprint); // by part of the fingerprint
        keys.show(uid + "@example", fingerprint); // by user id
        keys.screenshot("admin-keys");
        keys.revoke();
        assertThat(keys.messages()).contains("Key " + fingerprint + " revoked.");
        assertThat(keys.show(holder, fingerprint).state()).isEqualTo("revoked");
        root().get("pks/lookup?op=get&search=0x" + fingerprint).expect(404);

        // the image it signed is verified again: unknown key, on the page and in the API
        container = new org.sregistry.it.collection.ContainerPage(driver, deployed).open(entity, "coll", "signed");
        assertThat(container.tagVerdict(0)).isEqualTo("unknown key");
        assertThat(root().get("v1/images/" + entity + "/coll/signed:latest?arch=amd64").expect(200).data()
                .getJsonObject("signature").getString("verdict")).isEqualTo("UNKNOWN_KEY");
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }

    @Test
    void peopleWhoAreNotStaffGetTheNotFoundPageOnEveryAdminPage(WebDriver driver) {
        String name = user("nostaff", "USER");
        logIn(driver, name, password(name));
        assertThat(driver.findElements(By.id("navAdmin"))).isEmpty();
        for (String page : List.of("index", "users", "teams", "collections", "keys", "settings", "storage", "audit", "jobs")) {
            driver.get("http://127.0.0.1:" + deployed.getPort() + "/console/admin/" + page + ".xhtml");
            assertThat(driver.findElement(By.id("error")).getAttribute("data-status")).as(page).isEqualTo("404");
            assertThat(driver.getPageSource()).doesNotContain("usersForm", "settingsForm", "jobsForm");
        }
    }

    /** A console page fetched with a session cookie, redirects not followed. */
    private HttpResponse<String> console(String session, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + deployed.getPort() + "/" + path))
                .header("Cookie", "JSESSIONID=" + session).build(), HttpResponse.BodyHandlers.ofString());
    }
}
