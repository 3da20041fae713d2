package org.sregistry.it.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.sha256;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import java.net.URL;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.LibraryClient.Pushed;

/**
 * Teams, collection members, registry policies, self-service tokens and the audit log, over HTTP:
 * users and a team made through the admin APIs, then the library API as a team member, a
 * contributor (with and without CONTRIBUTORS_MAY_PUSH), an outsider and nobody.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PermissionsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient admin;

    @BeforeEach
    void connect() {
        admin = ApiClient.of(deployed, ApiClient.adminToken());
    }

    /** A new user and a read-write token of theirs, made by the administrator. */
    ApiClient user(String name) {
        admin.postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "-123456\"}").expect(201);
        String token = admin.postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201).data()
                .getString("token");
        return admin.withToken(token);
    }

    void setting(String name, String value) {
        admin.putJson("api/admin/settings/" + name, value == null ? "{}" : "{\"value\":\"" + value + "\"}").expect(200);
    }

    @Test
    void aTeamOwningAPrivateCollectionGrantsItsMembersAndNobodyElse() {
        ApiClient owner = user(unique("own"));
        ApiClient member = user(unique("mem"));
        ApiClient contributor = user(unique("con"));
        ApiClient outsider = user(unique("out"));
        String ownerName = identity(owner).getString("username");
        String memberName = identity(member).getString("username");
        String contributorName = identity(contributor).getString("username");
        String team = unique("lab");

        JsonObject created = owner.postJson("api/teams", "{\"name\":\"" + team + "\",\"inviteOnly\":true}").expect(201).data();
        assertThat(created.getJsonArray("members").getJsonObject(0).getString("role")).isEqualTo("OWNER");
        member.postJson("api/teams/" + team + "/members", "{\"user\":\"" + memberName + "\"}").expect(403);
        owner.postJson("api/teams/" + team + "/members", "{\"user\":\"" + memberName + "\"}").expect(200);
        JsonObject memberIdentity = identity(member);
        assertThat(memberIdentity.getJsonArray("teams").getJsonObject(0).getString("team")).as(memberIdentity.toString())
                .isEqualTo(team);
        outsider.get("api/teams/" + team).expect(404);
        owner.postJson("api/teams", "{\"name\":\"" + memberName + "\"}").expect(409);

        // a private collection of the owner's, handed to the team; the contributor in person
        LibraryClient ownerLibrary = new LibraryClient(owner);
        String collection = unique("secret");
        String collectionId = ownerLibrary.collection(ownerName, ownerLibrary.entity(ownerName), collection, true);
        Pushed pushed = ownerLibrary.push(ownerName, collection, "ctr", sif(3000), "amd64", "latest");
        String path = "api/collections/" + ownerName + "/" + collection;
        owner.postJson(path + "/members", "{\"team\":\"" + team + "\",\"role\":\"OWNER\"}").expect(200);
        JsonObject members = owner.postJson(path + "/members", "{\"user\":\"" + contributorName + "\"}").expect(200).data();
        assertThat(members.getBoolean("private")).isTrue();
        assertThat(members.getJsonArray("members").getValuesAs(JsonObject.class))
                .extracting(m -> m.getString("kind") + ":" + m.getString("name") + ":" + m.getString("role"))
                .contains("team:" + team + ":OWNER", "user:" + contributorName + ":CONTRIBUTOR");
        owner.postJson(path + "/members", "{\"user\":\"a\",\"team\":\"b\"}").expect(400);
        contributor.postJson(path + "/members", "{\"user\":\"" + contributorName + "\",\"role\":\"OWNER\"}").expect(403);

        // the team member: get, pull, push, delete
        LibraryClient memberLibrary = new LibraryClient(member);
        member.get("v1/collections/" + ownerName + "/" + collection).expect(200);
        assertThat(memberLibrary.pull(pushed.ref("latest"), "amd64")).isEqualTo(pushed.bytes());
        Pushed byMember = memberLibrary.push(ownerName, collection, "ctr2", sif(2500), "amd64", "latest");
        member.delete("v1/images/" + byMember.ref("latest") + "?arch=amd64").expect(200);

        // the contributor: get and pull; push only while the policy allows it
        LibraryClient contributorLibrary = new LibraryClient(contributor);
        contributor.get("v1/collections/" + ownerName + "/" + collection).expect(200);
        assertThat(contributorLibrary.pull(pushed.ref("latest"), "amd64")).isEqualTo(pushed.bytes());
        String newContainer = LibraryClient.containerJson("byc", collectionId);
        assertThat(contributor.postJson("v1/containers", newContainer).expect(403).errorMessage()).contains("may not push");
        contributor.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(403);
        try {
            setting("CONTRIBUTORS_MAY_PUSH", "true");
            Pushed byContributor = contributorLibrary.push(ownerName, collection, "byc", sif(2200), "amd64", "latest");
            assertThat(contributorLibrary.pull(byContributor.ref("latest"), "amd64")).isEqualTo(byContributor.bytes());
        } finally {
            setting("CONTRIBUTORS_MAY_PUSH", null);
        }
        contributor.postJson("v1/containers", LibraryClient.containerJson("byc2", collectionId)).expect(403);

        // the outsider and nobody: exactly as if it did not exist, in every lookup and in search
        for (ApiClient stranger : List.of(outsider, owner.anonymous())) {
            stranger.get("v1/collections/" + ownerName + "/" + collection).expect(404);
            stranger.get("v1/containers/" + ownerName + "/" + collection + "/ctr").expect(404);
            stranger.get("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(404);
            stranger.get("v1/imagefile/" + pushed.ref("latest") + "?arch=amd64").expect(404);
            stranger.get(path).expect(404);
            JsonObject search = stranger.get("v1/search?value=" + collection).expect(200).data();
            assertThat(search.toString()).doesNotContain(collection);
        }
        outsider.postJson("v1/containers", LibraryClient.containerJson("evil", collectionId)).expect(404);
        outsider.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(404);
        outsider.putJson(path, "{\"private\":false}").expect(404);
        owner.anonymous().delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(401);
        assertThat(owner.get("v1/search?value=" + collection).expect(200).data().toString()).contains(collection);

        // removing the team takes its members' access away at once
        owner.delete(path + "/members/team/" + team).expect(200);
        member.get("v1/collections/" + ownerName + "/" + collection).expect(404);

        // in the team's own namespace, members create collections by push and own what they create
        Pushed inTeam = memberLibrary.push(team, "tools", "ctr", sif(2100), "amd64", "v1");
        assertThat(new LibraryClient(owner).pull(inTeam.ref("v1"), "amd64")).isEqualTo(inTeam.bytes());
        outsider.postJson("v1/collections", LibraryClient.collectionJson("intruder",
                outsider.get("v1/entities/" + team).expect(200).data().getString("id"), false)).expect(403);

        JsonObject audit = admin.get("api/admin/audit?action=PERMISSION&actor=" + ownerName).expect(200).json();
        assertThat(audit.getJsonArray("data").getValuesAs(JsonObject.class)).extracting(e -> e.getString("detail"))
                .contains("team " + team + " is OWNER", "user " + contributorName + " is CONTRIBUTOR", "team " + team + " removed");
        assertThat(admin.get("api/admin/audit?action=PUSH&actor=" + memberName).expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class)).extracting(e -> e.getString("target"))
                .contains(ownerName + "/" + collection + "/ctr2", team + "/tools/ctr");
        assertThat(admin.get("api/admin/audit?action=DELETE&actor=" + memberName).expect(200).json().getJsonArray("data"))
                .hasSize(1);
        assertThat(admin.get("api/admin/audit?action=TAG&actor=" + ownerName).expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class)).extracting(e -> e.getString("target"))
                .contains(ownerName + "/" + collection + "/ctr:latest");
    }

    @Test
    void invitesAreSingleUseAndOpenTeamsNeedNone() {
        ApiClient owner = user(unique("own"));
        ApiClient first = user(unique("inv"));
        ApiClient second = user(unique("inv"));
        String closed = unique("closed");
        String open = unique("open");
        owner.postJson("api/teams", "{\"name\":\"" + closed + "\",\"inviteOnly\":true}").expect(201);
        owner.postJson("api/teams", "{\"name\":\"" + open + "\"}").expect(201);

        first.postJson("api/teams/" + closed + "/join", "{}").expect(403);
        first.postJson("api/teams/" + closed + "/invites", "{}").expect(403);
        String code = owner.postJson("api/teams/" + closed + "/invites", "{\"ttlHours\":1}").expect(201).data().getString("code");
        first.postJson("api/teams/" + closed + "/join", "{\"code\":\"" + code + "\"}").expect(200);
        assertThat(second.postJson("api/teams/" + closed + "/join", "{\"code\":\"" + code + "\"}").expect(403).errorMessage())
                .contains("not valid");
        second.postJson("api/teams/" + open + "/join", "{}").expect(200);
        second.get("api/teams/" + open).expect(200);
        JsonObject team = owner.get("api/teams/" + closed).expect(200).data();
        assertThat(team.getJsonArray("members")).hasSize(2);
        owner.delete("api/teams/" + closed + "/members/" + identity(owner).getString("username")).expect(409);
        first.postJson("api/teams/" + closed + "/leave", "").expect(204);
        assertThat(owner.get("api/teams/" + closed).expect(200).data().getJsonArray("members")).hasSize(1);
    }

    @Test
    void privateOnlyIsHonouredByThePushAutoCreate() {
        ApiClient alice = user(unique("po"));
        String name = identity(alice).getString("username");
        JsonObject before = setting(admin, "PRIVATE_ONLY");
        assertThat(before.getString("value")).isEqualTo("false");
        assertThat(before.getString("source")).isEqualTo("default");
        Pushed pushed;
        try {
            setting("PRIVATE_ONLY", "true");
            JsonObject during = setting(admin, "PRIVATE_ONLY");
            assertThat(during.getString("value")).isEqualTo("true");
            assertThat(during.getString("source")).isEqualTo("database");
            // the client asks for a public collection ("private": false) on its first push
            pushed = new LibraryClient(alice).pushNew(name, 2000);
            assertThat(alice.get("v1/collections/" + name + "/" + pushed.collection()).expect(200).data().getBoolean("private"))
                    .isTrue();
            assertThat(alice.putJson("api/collections/" + name + "/" + pushed.collection(), "{\"private\":false}")
                    .expect(403).errorMessage()).contains("PRIVATE_ONLY");
            alice.anonymous().get("v1/collections/" + name + "/" + pushed.collection()).expect(404);
        } finally {
            setting("PRIVATE_ONLY", null);
        }
        assertThat(setting(admin, "PRIVATE_ONLY").getString("source")).isEqualTo("default");
        alice.putJson("api/collections/" + name + "/" + pushed.collection(), "{\"private\":false}").expect(200);
        alice.anonymous().get("v1/collections/" + name + "/" + pushed.collection()).expect(200);

        admin.putJson("api/admin/settings/USER_COLLECTION_LIMIT", "{\"value\":\"-3\"}").expect(400);
        admin.putJson("api/admin/settings/NO_SUCH", "{\"value\":\"1\"}").expect(404);
        alice.get("api/admin/settings").expect(403);
        alice.putJson("api/admin/settings/PRIVATE_ONLY", "{\"value\":\"false\"}").expect(403);
        try {
            setting("USER_COLLECTIONS", "false");
            alice.postJson("v1/collections", LibraryClient.collectionJson(unique("more"),
                    alice.get("v1/entities/" + name).expect(200).data().getString("id"), false)).expect(403);
        } finally {
            setting("USER_COLLECTIONS", null);
        }
        assertThat(admin.get("api/admin/audit?action=SETTING&limit=500").expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class)).extracting(e -> e.getString("target")).contains("PRIVATE_ONLY", "USER_COLLECTIONS");
    }

    @Test
    void aRevokedTokenFailsAtOnceAndTheAuditShowsIt() {
        ApiClient bob = user(unique("tok"));
        String name = identity(bob).getString("username");
        JsonObject issued = bob.postJson("api/tokens", "{\"name\":\"ci\",\"scope\":\"read\"}").expect(201).data();
        ApiClient ci = bob.withToken(issued.getString("token"));
        JsonObject who = identity(ci);
        assertThat(who.getString("username")).isEqualTo(name);
        assertThat(who.getBoolean("canWrite")).isFalse();
        ci.postJson("api/tokens", "{\"name\":\"escalate\"}").expect(403);
        assertThat(bob.get("api/tokens").expect(200).json().getJsonArray("data").getValuesAs(JsonObject.class))
                .extracting(t -> t.getString("name")).contains("it", "ci");
        bob.anonymous().get("api/tokens").expect(401);

        user(unique("other")).delete("api/tokens/" + issued.getString("id")).expect(404);
        assertThat(bob.delete("api/tokens/" + issued.getString("id")).expect(200).data().getBoolean("revoked")).isTrue();
        ci.get("api/registry/identity").expect(401);
        assertThat(ci.get("v1/token-status").expect(404).errorMessage()).contains("not valid");

        List<JsonObject> events = admin.get("api/admin/audit?actor=" + name).expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class);
        assertThat(events).extracting(e -> e.getString("action")).contains("TOKEN_CREATE", "TOKEN_REVOKE");
        admin.get("api/admin/audit?limit=501").expect(400);
        admin.get("api/admin/audit?action=NOPE").expect(400);
        bob.get("api/admin/audit").expect(403);
    }


    // ---- self-service: export and account deletion ----------------------------------------------

    /** {@code DELETE api/account?confirm=...&collections=...&team=...} (null leaves a parameter out). */
    static ApiClient.Reply deleteAccount(ApiClient client, String confirm, String collections, String team) {
        StringBuilder query = new StringBuilder();
        for (String[] p : new String[][] {{"confirm", confirm}, {"collections", collections}, {"team", team}}) {
            if (p[1] != null) {
                query.append(query.length() == 0 ? "?" : "&").append(p[0]).append('=')
                        .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
            }
        }
        return client.delete("api/account" + query);
    }

    @Test
    void anAccountDeletedWithATransferHandsItsCollectionsToTheTeamAndItsTokensFailAtOnce() {
        ApiClient heir = user(unique("heir"));
        String leaverName = unique("lvr");
        ApiClient leaver = user(leaverName);
        String leaverToken = admin.postJson("api/admin/users/" + leaverName + "/tokens", "{\"name\":\"second\"}").expect(201)
                .data().getString("token");
        String team = unique("heirs");
        String crowded = unique("crowded");
        for (String t : List.of(team, crowded)) {
            heir.postJson("api/teams", "{\"name\":\"" + t + "\"}").expect(201);
            heir.postJson("api/teams/" + t + "/members", "{\"user\":\"" + leaverName + "\"}").expect(200);
        }

        // the leaver's data: a pushed image, a share link, a star; a collection name the team already has
        LibraryClient leaverLibrary = new LibraryClient(leaver);
        String collection = unique("kept");
        Pushed pushed = leaverLibrary.push(leaverName, collection, "ctr", sif(3000), "amd64", "v1");
        String clash = unique("clash");
        leaverLibrary.push(leaverName, clash, "ctr", sif(2100), "amd64", "latest");
        new LibraryClient(heir).push(crowded, clash, "ctr", sif(2200), "amd64", "latest");
        JsonObject link = leaver.postJson("api/collections/" + leaverName + "/" + collection + "/containers/ctr/shares",
                "{\"tag\":\"v1\"}").expect(201).data();
        String linkUrl = link.getString("url");
        leaver.anonymous().transfer("GET", linkUrl, null).expect(200);

        // the export: the collection, its tag and digest; token metadata, never a secret
        ApiClient.Reply exported = leaver.get("api/account/export").expect(200);
        assertThat(exported.header("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("attachment"));
        JsonObject data = exported.data();
        assertThat(data.getJsonObject("profile").getString("username")).isEqualTo(leaverName);
        JsonObject kept = data.getJsonArray("collections").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(collection)).findFirst().orElseThrow();
        assertThat(kept.getString("entity")).isEqualTo(leaverName);
        assertThat(kept.getString("role")).isEqualTo("OWNER");
        JsonObject tag = kept.getJsonArray("containers").getJsonObject(0).getJsonArray("tags").getJsonObject(0);
        assertThat(tag.getString("tag")).isEqualTo("v1");
        assertThat(tag.getString("digest")).isEqualTo(pushed.hashRef());
        assertThat(data.getJsonArray("tokens").getValuesAs(JsonObject.class)).extracting(t -> t.getString("name")).contains("it");
        assertThat(data.getJsonArray("teams").getValuesAs(JsonObject.class)).extracting(t -> t.getString("name"))
                .containsExactlyInAnyOrder(team, crowded);
        assertThat(data.getJsonArray("shareLinks").getJsonObject(0).getString("id")).isEqualTo(link.getString("id"));
        assertThat(data.getJsonArray("auditEvents").getValuesAs(JsonObject.class)).extracting(e -> e.getString("action"))
                .contains("PUSH", "SHARE_CREATE");
        String text = exported.text();
        assertThat(text).doesNotContain(leaverToken).doesNotContain(ApiClient.adminToken()).doesNotContain(linkUrl.substring(linkUrl.lastIndexOf('/') + 1))
                .doesNotContainIgnoringCase("secret").doesNotContainIgnoringCase("password").doesNotContain("it-admin-token");
        leaver.anonymous().get("api/account/export").expect(401);

        // refusals change nothing: a wrong confirmation, no choice, a team that is not the leaver's, a name clash
        assertThat(deleteAccount(leaver, leaverName + "x", "delete", null).expect(400)
                .errorMessage()).contains("confirm with your username");
        assertThat(deleteAccount(leaver, leaverName, null, null).expect(400).errorMessage())
                .contains(leaverName + "/" + collection);
        deleteAccount(leaver, leaverName, "keep", null).expect(400);
        deleteAccount(leaver, leaverName, "transfer", "nosuch").expect(400);
        assertThat(deleteAccount(leaver, leaverName, "transfer", crowded).expect(409).errorMessage())
                .contains(leaverName + "/" + clash).contains("nothing was changed");
        assertThat(identity(leaver).getString("username")).isEqualTo(leaverName);
        assertThat(leaverLibrary.pull(pushed.ref("v1"), "amd64")).isEqualTo(pushed.bytes());
        leaver.anonymous().transfer("GET", linkUrl, null).expect(200);
        leaver.get("v1/collections/" + leaverName + "/" + clash).expect(200);

        // to a team without such names, the transfer goes through; a second token of the account fails with the first
        ApiClient second = leaver.withToken(leaverToken);
        second.get("api/registry/identity").expect(200);
        JsonObject deleted = deleteAccount(leaver, leaverName, "transfer", team).expect(200).data();
        assertThat(deleted.getJsonArray("transferred").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactlyInAnyOrder(team + "/" + collection, team + "/" + clash);

        // the very next request with the deleted account's token fails; so does a login
        leaver.get("api/registry/identity").expect(401);
        second.get("api/registry/identity").expect(401);
        leaver.get("api/account/export").expect(401);
        assertThat(leaver.get("v1/token-status").expect(404).errorMessage()).contains("not valid");
        admin.anonymous().postJson("api/tokens/exchange", "{\"username\":\"" + leaverName + "\",\"password\":\"pw-"
                + leaverName + "-123456\",\"name\":\"again\"}").expect(401);

        // the collection lives on under the team, byte for byte; the old path is gone; the link was revoked
        assertThat(new LibraryClient(heir).pull(team + "/" + collection + "/ctr:v1", "amd64")).isEqualTo(pushed.bytes());
        heir.get("v1/collections/" + leaverName + "/" + collection).expect(404);
        assertThat(leaver.anonymous().transfer("GET", linkUrl, null).expect(410).errorMessage()).contains("revoked");
        assertThat(heir.get("api/teams/" + team).expect(200).data().getJsonArray("members")).hasSize(1);
        assertThat(heir.get("api/teams/" + crowded).expect(200).data().getJsonArray("members")).hasSize(1);
        assertThat(admin.get("api/admin/users/" + leaverName + "/tokens").expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class)).extracting(t -> t.getBoolean("revoked")).containsOnly(true);
        JsonObject account = admin.get("api/admin/users/" + leaverName).expect(200).data();
        assertThat(account.getBoolean("active")).isFalse();
        assertThat(admin.get("api/admin/audit?action=ACCOUNT&actor=" + leaverName).expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class)).extracting(e -> e.getString("detail"))
                .anySatisfy(d -> assertThat(d).contains("deleted by its owner").contains("moved to team " + team));
    }

    @Test
    void anAccountDeletedWithItsCollectionsReleasesTheirBytesAndTheLastSuperuserStays() throws Exception {
        String name = unique("gone");
        ApiClient gone = user(name);
        Pushed pushed = new LibraryClient(gone).push(name, unique("tmp"), "ctr", sif(3300), "amd64", "latest");
        Path blob = Path.of(System.getProperty("it.data.dir")).toAbsolutePath()
                .resolve("storage/blobs/sha256").resolve(sha256(pushed.bytes()).substring(0, 2)).resolve(sha256(pushed.bytes()));
        assertThat(blob).exists();

        JsonObject deleted = gone.postJson("api/account/delete", "{\"confirm\":\"" + name + "\",\"collections\":\"delete\"}")
                .expect(200).data();
        assertThat(deleted.getJsonArray("deleted").getString(0)).isEqualTo(name + "/" + pushed.collection());
        gone.get("api/registry/identity").expect(401);
        admin.get("v1/collections/" + name + "/" + pushed.collection()).expect(404);
        admin.get("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(404);
        Instant until = Instant.now().plus(Duration.ofSeconds(10));
        while (Files.exists(blob) && Instant.now().isBefore(until)) {
            Thread.sleep(100);
        }
        assertThat(blob).as("the image's bytes are released").doesNotExist();
        admin.anonymous().postJson("api/tokens/exchange", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name
                + "-123456\",\"name\":\"again\"}").expect(401);

        // the administrator may not delete the registry's last active superuser
        String adminName = identity(admin).getString("username");
        List<String> otherSuperusers = new ArrayList<>();
        for (JsonObject u : admin.get("api/admin/users?limit=500").expect(200).data().getJsonArray("items")
                .getValuesAs(JsonObject.class)) {
            if (u.getString("role").equals("SUPERUSER") && u.getBoolean("active") && !u.getBoolean("service")
                    && !u.getString("username").equals(adminName)) {
                otherSuperusers.add(u.getString("username"));
            }
        }
        try {
            otherSuperusers.forEach(u -> admin.putJson("api/admin/users/" + u, "{\"active\":false}").expect(200));
            assertThat(deleteAccount(admin, adminName, "delete", null).expect(409)
                    .errorMessage()).contains("last active superuser");
            identity(admin);
        } finally {
            otherSuperusers.forEach(u -> admin.putJson("api/admin/users/" + u, "{\"active\":true}").expect(200));
        }
    }

    static JsonObject identity(ApiClient client) {
        return client.get("api/registry/identity").expect(200).data();
    }

    static JsonObject setting(ApiClient admin, String name) {
        return admin.get("api/admin/settings").expect(200).json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .filter(s -> s.getString("name").equals(name)).findFirst().orElseThrow();
    }
}
