package org.sregistry.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.unique;

import java.net.URL;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.WebDriver;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.TestImages;

/**
 * The "My account" pages in a real browser: the profile and its collections, tokens made and
 * revoked in the browser and used by API clients in between, teams with invite links that work
 * once, leaving a team, and changing one's password.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient
class AccountPageIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient admin() {
        return ApiClient.of(deployed, ApiClient.adminToken());
    }

    /** A new user with a password, made by the administrator over the admin API. */
    String user(String prefix) {
        String name = unique(prefix);
        admin().postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + password(name) + "\"}").expect(201);
        return name;
    }

    /** A read-write token for {@code name}, made by the administrator (to set up data over the APIs). */
    ApiClient api(String name) {
        String token = admin().postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"setup\"}").expect(201).data().getString("token");
        return admin().withToken(token);
    }

    static String password(String name) {
        return "pw-" + name + "-123456";
    }

    @Test
    void myKeysPageListsOnlyMyKeysAndRevokesOne(WebDriver driver) throws Exception {
        String libclient = System.getProperty("LIBCLIENT", System.getenv("LIBCLIENT"));
        org.junit.jupiter.api.Assumptions.assumeTrue(libclient != null
                && java.nio.file.Files.isExecutable(java.nio.file.Path.of(libclient)), "LIBCLIENT is not set");
        String name = user("keyown");
        String other = user("keyother");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("accountkeys");
        String mine = publishKey(libclient, dir, name, api(name));
        String theirs = publishKey(libclient, dir, other, api(other));

        new LoginPage(driver, deployed).logIn(name, password(name));
        AccountKeysPage keys = new AccountKeysPage(driver, deployed).open();
        assertThat(keys.table()).contains(mine, name + " <" + name + "@example.org>").doesNotContain(theirs);
        assertThat(keys.state(0)).isEqualTo("served");
        keys.screenshot("account-keys");
        keys.revoke(0);
        assertThat(keys.messages()).contains("Key " + mine + " revoked.");
        assertThat(keys.state(0)).isEqualTo("revoked");
        assertThat(api(name).get("api/keys").expect(200).json().getJsonArray("data").getJsonObject(0).getBoolean("revoked"))
                .isTrue();
        api(other).get("pks/lookup?op=get&search=0x" + theirs).expect(200); // the other user's key is untouched
        admin().get("pks/lookup?op=get&search=0x" + mine).expect(404);
    }

    /** Makes a key with libclient keygen (user id "NAME <NAME@example.org>"), publishes it as {@code who}. */
    private static String publishKey(String libclient, java.nio.file.Path dir, String name, ApiClient who) throws Exception {
        Process p = new ProcessBuilder(libclient, "keygen", name, name + "@example.org", dir.resolve(name).toString(), "2048")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("fingerprint=([0-9A-F]{40})").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        who.send("POST", "pks/add", java.net.http.HttpRequest.BodyPublishers.ofString("keytext=" + java.net.URLEncoder.encode(
                java.nio.file.Files.readString(dir.resolve(name + ".pub.asc")), java.nio.charset.StandardCharsets.UTF_8)),
                "Content-Type", "application/x-www-form-urlencoded").expect(200);
        return m.group(1);
    }

    @Test
    void theProfileShowsTheAccountListsMyCollectionsAndSavesNameAndEmail(WebDriver driver) {
        String name = user("prof");
        String other = user("other");
        new LibraryClient(api(name)).push(name, "tools", "ctr", TestImages.sif(2048), "amd64", "latest");
        new LibraryClient(api(other)).push(other, "elsewhere", "ctr", TestImages.sif(2048), "amd64", "latest");

        new LoginPage(driver, deployed).logIn(name, password(name));
        AccountPage page = new AccountPage(driver, deployed).open();
        assertThat(page.username()).isEqualTo(name);
        assertThat(page.role()).isEqualTo("User");
        assertThat(page.loginSource()).isEqualTo("a password kept by this registry");
        assertThat(page.lastLogin()).matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC");
        assertThat(page.collections()).containsExactly(name + "/tools");
        assertThat(page.collectionLink(name + "/tools")).endsWith("/console/collection.xhtml?entity=" + name + "&collection=tools");

        page.saveProfile("Ada Lovelace", "ada@example.org");
        assertThat(page.messages()).contains("Profile saved.");
        page.saveProfile("Ada Lovelace", "not an address");
        assertThat(page.messages()).contains("'not an address' is not an e-mail address");

        page.open();
        assertThat(page.displayName()).isEqualTo("Ada Lovelace");
        assertThat(page.email()).isEqualTo("ada@example.org");
        page.screenshot("account");
        String audit = admin().get("api/admin/audit?action=ACCOUNT&actor=" + name).expect(200).text();
        assertThat(audit).contains("profile updated");
    }

    @Test
    void aCollectionCreatedOnTheAccountPageIsPrivateAndTakesPushes(WebDriver driver) {
        String name = user("mkcoll");
        new LoginPage(driver, deployed).logIn(name, password(name));
        AccountPage page = new AccountPage(driver, deployed).open();

        page.createCollection("lab-tools", "tools of the lab", true);
        assertThat(page.url()).contains("/console/collection.xhtml?entity=" + name + "&collection=lab-tools");
        assertThat(page.messages()).contains("Collection " + name + "/lab-tools created.");
        ApiClient owner = api(name);
        assertThat(owner.get("v1/collections/" + name + "/lab-tools").expect(200).data().getBoolean("private")).isTrue();
        admin().anonymous().get("v1/collections/" + name + "/lab-tools").expect(404);
        new LibraryClient(owner).push(name, "lab-tools", "ctr", TestImages.sif(2048), "amd64", "latest");

        page.open().createCollection("lab-tools", "again", false);
        assertThat(page.messages()).contains("the collection " + name + "/lab-tools already exists");
        page.createCollection("Not A Name", "", false);
        assertThat(page.messages()).contains("collection");
        assertThat(page.collections()).containsExactly(name + "/lab-tools");
    }

    @Test
    void aTokenMadeInTheBrowserWorksForTheClientsUntilItIsRevokedInTheBrowser(WebDriver driver) {
        String name = user("tok");
        new LibraryClient(api(name)).push(name, "data", "ctr", TestImages.sif(2048), "amd64", "latest");
        new LoginPage(driver, deployed).logIn(name, password(name));
        String expiry = LocalDate.now(ZoneOffset.UTC).plusYears(1).toString();

        TokensPage tokens = new TokensPage(driver, deployed).open();
        tokens.create("laptop", expiry, "read and write", null);
        assertThat(tokens.secretDialogShown()).isTrue();
        String secret = tokens.secret();
        assertThat(secret).startsWith("sreg_").hasSize(5 + 64);
        assertThat(tokens.loginHint()).contains("apptainer remote login");
        tokens.copySecret();
        tokens.screenshot("tokens-secret");
        tokens.closeSecretDialog();

        tokens.create("reader", null, "read only", name + "/data");
        String readerSecret = tokens.secret();
        tokens.closeSecretDialog();
        assertThat(tokens.row("reader")).contains("read only", name + "/data");

        ApiClient client = ApiClient.of(deployed, secret);
        assertThat(client.get("api/registry/identity").expect(200).data().getString("username")).isEqualTo(name);
        LibraryClient library = new LibraryClient(client);
        assertThat(library.push(name, "data", "pushed", TestImages.sif(3000), "amd64", "v1").imageId()).isNotBlank();
        assertThat(client.get("v1/token-status").expect(200).data().getString("username")).isEqualTo(name);
        ApiClient reader = ApiClient.of(deployed, readerSecret);
        assertThat(reader.get("api/registry/identity").expect(200).data().getBoolean("canWrite")).isFalse();

        tokens.open();
        assertThat(present(driver, "secretValue")).as("the secret is never shown again").isFalse();
        assertThat(tokens.row("laptop")).contains("read and write", "all", expiry).doesNotContain("never");
        tokens.screenshot("tokens");

        tokens.revoke("laptop");
        assertThat(tokens.messages()).contains("Token laptop revoked.");
        assertThat(tokens.row("laptop")).contains("revoked");
        assertThat(tokens.hasRevokeButton("laptop")).isFalse();
        assertThat(client.get("api/registry/identity").status()).isEqualTo(401);
        assertThat(client.get("v1/token-status").status()).isEqualTo(404);
        assertThat(client.get("v1/token-status").errorMessage()).contains("not valid");
        assertThat(reader.get("api/registry/identity").status()).isEqualTo(200);
    }

    @Test
    void anInviteLinkLetsOnePersonJoinOnceAndMembersMayLeave(WebDriver driver) {
        String owner = user("owner");
        String invited = user("invited");
        String late = user("late");
        String team = unique("lab");
        String open = unique("club");

        LoginPage login = new LoginPage(driver, deployed).logIn(owner, password(owner));
        TeamPage teamPage = new TeamsPage(driver, deployed).open().create(team, "the lab", true);
        assertThat(teamPage.messages()).contains("Team " + team + " created.");
        assertThat(teamPage.members()).containsExactlyEntriesOf(java.util.Map.of(owner, "Owner"));
        assertThat(teamPage.canManage()).isTrue();
        String link = teamPage.createInviteLink();
        assertThat(link).contains("/console/account/join.xhtml?team=" + team + "&code=");
        teamPage.screenshot("team-invite");
        new TeamsPage(driver, deployed).open().create(open, "anyone welcome", false);
        login.logout();

        login.logIn(invited, password(invited));
        JoinPage join = new JoinPage(driver, deployed).openLink(link);
        assertThat(join.question()).contains("Join team " + team + "?");
        assertThat(teamMembers(team)).doesNotContain(invited);
        join.screenshot("join");
        join.confirm();
        assertThat(join.messages()).contains("Welcome to team " + team + ".");
        assertThat(new TeamPage(driver, deployed).members()).containsEntry(invited, "Member").containsEntry(owner, "Owner");
        assertThat(teamMembers(team)).contains("{\"role\":\"MEMBER\",\"user\":\"" + invited + "\"}");
        TeamsPage teams = new TeamsPage(driver, deployed).open();
        assertThat(teams.myTeams()).containsEntry(team, "Member");
        teams.joinOpen(open);
        assertThat(teams.messages()).contains("You joined team " + open + ".");
        assertThat(teams.myTeams()).containsEntry(open, "Member");
        teams.screenshot("teams");
        teams.leave(team);
        assertThat(teams.messages()).contains("You left team " + team + ".");
        assertThat(teams.myTeams()).doesNotContainKey(team).containsKey(open);
        assertThat(teamMembers(team)).doesNotContain(invited);
        login.logout();

        login.logIn(late, password(late));
        join = new JoinPage(driver, deployed).openLink(link);
        join.confirm();
        assertThat(join.messages()).contains("the invite code is not valid for team " + team);
        assertThat(teamMembers(team)).doesNotContain(late);
        teams = new TeamsPage(driver, deployed).open().joinOpen(team);
        assertThat(teams.messages()).contains("the invite code is not valid for team " + team);
        assertThat(teams.myTeams()).doesNotContainKey(team);
        login.logout();

        login.logIn(owner, password(owner));
        teamPage = new TeamPage(driver, deployed).openTeam(team).add(late, "Member");
        assertThat(teamPage.members()).containsEntry(late, "Member");
        teamPage.makeOwner(late);
        assertThat(teamPage.members()).containsEntry(late, "Owner");
        teamPage.screenshot("team");
        teamPage.remove(late);
        assertThat(teamPage.messages()).contains(late + " removed from the team.");
        assertThat(teamMembers(team)).doesNotContain(late);
    }

    @Test
    void aLocalAccountChangesItsPasswordWithTheCurrentOne(WebDriver driver) {
        String name = user("pw");
        String replacement = "new-secret-" + name;
        LoginPage login = new LoginPage(driver, deployed).logIn(name, password(name));
        AccountPage page = new AccountPage(driver, deployed).open();

        page.changePassword("wrong-password", replacement, replacement);
        assertThat(page.messages()).contains("the current password is wrong");
        page.changePassword(password(name), replacement, replacement + "x");
        assertThat(page.passwordFormText()).contains("The two new passwords differ.");
        page.changePassword(password(name), replacement, replacement);
        assertThat(page.messages()).contains("Password changed.");
        page.screenshot("account-password");
        page.logout();

        login.open().submit(name, password(name));
        assertThat(login.messages()).contains("Unknown username or wrong password.");
        login.open().submit(name, replacement);
        assertThat(login.loggedInUser()).isEqualTo(name);
    }

    /** The team's members as the team API shows them to the administrator. */
    private String teamMembers(String team) {
        return admin().get("api/teams/" + team).expect(200).data().getJsonArray("members").toString();
    }

    private static boolean present(WebDriver driver, String id) {
        return !driver.findElements(org.openqa.selenium.By.id(id)).isEmpty();
    }

    @Test
    void anAccountDeletedOnItsPageHandsItsCollectionToTheTeamAndEndsAtTheLoginPage(WebDriver driver) {
        String name = user("bye");
        String heir = user("heir");
        String team = unique("heirs");
        ApiClient heirApi = api(heir);
        heirApi.postJson("api/teams", "{\"name\":\"" + team + "\"}").expect(201);
        heirApi.postJson("api/teams/" + team + "/members", "{\"user\":\"" + name + "\"}").expect(200);
        String secret = admin().postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"setup\"}").expect(201).data()
                .getString("token");
        ApiClient mine = admin().withToken(secret);
        byte[] bytes = TestImages.sif(2048);
        LibraryClient.Pushed pushed = new LibraryClient(mine).push(name, "kept", "ctr", bytes, "amd64", "latest");

        new LoginPage(driver, deployed).logIn(name, password(name));
        AccountPage page = new AccountPage(driver, deployed).open();
        assertThat(page.ownedCollections()).contains(name + "/kept");
        String[] download = page.downloadExport().split("\n", 3);
        assertThat(download[0]).as("status").isEqualTo("200");
        assertThat(download[1]).contains("attachment").contains("account-" + name);
        // the file names the account, its collection, tag and digest and its token by name; never a secret
        assertThat(download[2].replaceAll("\\s", "")).contains("\"username\":\"" + name + "\"")
                .contains("\"name\":\"kept\"").contains("\"tag\":\"latest\"").contains(pushed.hashRef())
                .contains("\"name\":\"setup\"").doesNotContain(secret).doesNotContainIgnoringCase("secret");
        page.deleteAccount(team, "not-" + name);
        assertThat(page.messages()).contains("confirm with your username");
        mine.get("api/registry/identity").expect(200);

        page.open().deleteAccount(team, name);
        assertThat(page.url()).contains("/console/login.xhtml");
        assertThat(page.deletedNoticeShown()).isTrue();
        assertThat(page.loggedInUser()).isNull();
        page.screenshot("account-deleted");
        mine.get("api/registry/identity").expect(401);
        new AccountPage(driver, deployed).open();
        assertThat(driver.getCurrentUrl()).contains("/console/login.xhtml");
        LoginPage login = new LoginPage(driver, deployed).open().submit(name, password(name));
        assertThat(login.loggedInUser()).isNull();
        assertThat(login.messages()).contains("Unknown username or wrong password");

        assertThat(new LibraryClient(heirApi).pull(team + "/kept/ctr:latest", "amd64")).isEqualTo(pushed.bytes());
        heirApi.get("v1/collections/" + name + "/kept").expect(404);
    }
}
