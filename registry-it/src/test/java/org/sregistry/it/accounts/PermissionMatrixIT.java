package org.sregistry.it.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.sregistry.it.ApiClient;
import org.sregistry.it.ApiClient.Reply;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.LibraryClient.Pushed;
import org.sregistry.it.TestImages;

/**
 * The permission rules of docs/accounts.md as one table, over HTTP against the deployed registry:
 * every role × every action × a public and a private collection, each row with the status (and,
 * for lists and search, the content) the rules promise. Then a leak test: private content looked
 * for by an outsider and by nobody through every API answers exactly like a name that does not
 * exist.
 *
 * <p>The principals and the two collections are made once (the fixture), in a team's namespace:
 * the team's owner created both collections, a member of that team holds the contributor role the
 * namespace gives, a user is an owner in person and another a contributor, a second team is an
 * owner and its member acts through it, a service account owns both through a read-only token.
 * Rows that change something work on their own target (a fresh container, tag or image per row),
 * so the rows do not depend on each other or on their order.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PermissionMatrixIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    /** What a role gets for each kind of action on a public / a private collection: an HTTP status. */
    enum Role {
        // role                  read        write       manage     (public, private)
        ANONYMOUS("anonymous", 200, 404, 401, 401, 401, 401),
        USER("user", 200, 404, 403, 404, 403, 404),
        CONTRIBUTOR("contributor", 200, 200, 403, 403, 403, 403),
        OWNER("owner", 200, 200, 200, 200, 200, 200),
        TEAM_MEMBER("team member", 200, 200, 403, 403, 403, 403),
        TEAM_OWNER("team owner", 200, 200, 200, 200, 200, 200),
        OWNING_TEAM_MEMBER("owning-team member", 200, 200, 200, 200, 200, 200),
        ADMIN("admin", 200, 200, 200, 200, 200, 200),
        SUPERUSER("superuser", 200, 200, 200, 200, 200, 200),
        ROBOT_READ_ONLY("robot read-only token", 200, 200, 403, 403, 403, 403),
        EXPIRED_TOKEN("expired token", 401, 401, 401, 401, 401, 401),
        REVOKED_TOKEN("revoked token", 401, 401, 401, 401, 401, 401);

        final String label;
        final int[] statuses;

        Role(String label, int... statuses) {
            this.label = label;
            this.statuses = statuses;
        }

        int expected(Kind kind, boolean isPrivate) {
            return statuses[kind.ordinal() * 2 + (isPrivate ? 1 : 0)];
        }

        String slug() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    enum Kind { READ, WRITE, MANAGE }

    enum Action {
        LIST(Kind.READ), SEARCH(Kind.READ), GET(Kind.READ), PULL(Kind.READ),
        PUSH(Kind.WRITE), TAG(Kind.WRITE), DELETE(Kind.WRITE),
        FREEZE(Kind.MANAGE), CHANGE_PRIVACY(Kind.MANAGE), MANAGE_MEMBERS(Kind.MANAGE);

        final Kind kind;

        Action(Kind kind) {
            this.kind = kind;
        }
    }

    record Row(Role role, Action action, boolean isPrivate) {

        int expected() {
            return role.expected(action.kind, isPrivate);
        }

        /** A name part unique to this row, for the containers, tags and images it makes. */
        String slug() {
            return role.slug() + "-" + (isPrivate ? "priv" : "pub");
        }

        @Override
        public String toString() {
            return role.label + " × " + action.name().toLowerCase(Locale.ROOT).replace('_', ' ') + " × "
                    + (isPrivate ? "private" : "public") + " → " + expected();
        }
    }

    static Stream<Row> rows() {
        List<Row> rows = new ArrayList<>();
        for (Role role : Role.values()) {
            for (Action action : Action.values()) {
                rows.add(new Row(role, action, false));
                rows.add(new Row(role, action, true));
            }
        }
        return rows.stream();
    }

    /** The principals and the collections every row works on, made once for the class. */
    record Fixture(ApiClient admin, String team, Target publicTarget, Target privateTarget, String bystander,
            java.util.Map<Role, ApiClient> clients) {

        Target target(boolean isPrivate) {
            return isPrivate ? privateTarget : publicTarget;
        }

        ApiClient as(Role role) {
            return clients.get(role);
        }
    }

    /** A collection with a container "base" whose image is tagged latest. */
    record Target(String entity, String collection, String collectionId, Pushed base) {

        String path() {
            return entity + "/" + collection;
        }
    }

    private static Fixture fixture;

    private synchronized Fixture fixture() {
        if (fixture == null) {
            fixture = makeFixture(ApiClient.of(deployed, ApiClient.adminToken()));
        }
        return fixture;
    }

    private static Fixture makeFixture(ApiClient admin) {
        // the expired token first: it expires while the rest is made
        ApiClient owner = user(admin, unique("owner"), "USER");
        String ownerName = username(owner);
        Instant soon = Instant.now().plusSeconds(2);
        String expiring = admin.postJson("api/admin/users/" + ownerName + "/tokens",
                "{\"name\":\"short\",\"expiresAt\":\"" + soon + "\"}").expect(201).data().getString("token");
        JsonObject revocable = admin.postJson("api/admin/users/" + ownerName + "/tokens", "{\"name\":\"revoked\"}")
                .expect(201).data();

        ApiClient teamOwner = user(admin, unique("towner"), "USER");
        ApiClient teamMember = user(admin, unique("tmember"), "USER");
        ApiClient contributor = user(admin, unique("contrib"), "USER");
        ApiClient outsider = user(admin, unique("outsider"), "USER");
        ApiClient opsMember = user(admin, unique("opsmember"), "USER");
        ApiClient staff = user(admin, unique("staff"), "ADMIN");
        ApiClient superuser = user(admin, unique("super"), "SUPERUSER");
        String bystander = username(user(admin, unique("bystander"), "USER"));
        String robot = unique("robot");
        admin.postJson("api/admin/users", "{\"username\":\"" + robot + "\",\"service\":true}").expect(201);
        ApiClient robotReadOnly = admin.withToken(admin.postJson("api/admin/users/" + robot + "/tokens",
                "{\"name\":\"ci\",\"scope\":\"read\"}").expect(201).data().getString("token"));

        String team = unique("lab");
        teamOwner.postJson("api/teams", "{\"name\":\"" + team + "\",\"inviteOnly\":true}").expect(201);
        teamOwner.postJson("api/teams/" + team + "/members", "{\"user\":\"" + username(teamMember) + "\",\"role\":\"MEMBER\"}")
                .expect(200);
        String ops = unique("ops");
        opsMember.postJson("api/teams", "{\"name\":\"" + ops + "\",\"inviteOnly\":true}").expect(201);

        Target publicTarget = target(teamOwner, team, unique("pub"), false);
        Target privateTarget = target(teamOwner, team, unique("priv"), true);
        for (Target t : List.of(publicTarget, privateTarget)) {
            String members = "api/collections/" + t.path() + "/members";
            teamOwner.postJson(members, "{\"user\":\"" + ownerName + "\",\"role\":\"OWNER\"}").expect(200);
            teamOwner.postJson(members, "{\"user\":\"" + username(contributor) + "\",\"role\":\"CONTRIBUTOR\"}").expect(200);
            teamOwner.postJson(members, "{\"user\":\"" + robot + "\",\"role\":\"OWNER\"}").expect(200);
            teamOwner.postJson(members, "{\"team\":\"" + ops + "\",\"role\":\"OWNER\"}").expect(200);
        }

        admin.delete("api/tokens/" + revocable.getString("id")).expect(200);
        ApiClient expired = admin.withToken(expiring);
        Instant deadline = Instant.now().plusSeconds(30);
        while (expired.get("api/registry/identity").status() != 401) {
            assertThat(Instant.now()).as("the token expiring at " + soon + " is refused after it").isBefore(deadline);
            sleep(Duration.ofMillis(200));
        }

        var clients = new java.util.EnumMap<Role, ApiClient>(Role.class);
        clients.put(Role.ANONYMOUS, admin.anonymous());
        clients.put(Role.USER, outsider);
        clients.put(Role.CONTRIBUTOR, contributor);
        clients.put(Role.OWNER, owner);
        clients.put(Role.TEAM_MEMBER, teamMember);
        clients.put(Role.TEAM_OWNER, teamOwner);
        clients.put(Role.OWNING_TEAM_MEMBER, opsMember);
        clients.put(Role.ADMIN, staff);
        clients.put(Role.SUPERUSER, superuser);
        clients.put(Role.ROBOT_READ_ONLY, robotReadOnly);
        clients.put(Role.EXPIRED_TOKEN, expired);
        clients.put(Role.REVOKED_TOKEN, admin.withToken(revocable.getString("token")));
        return new Fixture(admin, team, publicTarget, privateTarget, bystander, clients);
    }

    private static Target target(ApiClient creator, String entity, String collection, boolean isPrivate) {
        LibraryClient library = new LibraryClient(creator);
        String collectionId = library.collection(entity, library.entity(entity), collection, isPrivate);
        Pushed base = library.push(entity, collection, "base", sif(2400), "amd64", "latest");
        assertThat(creator.get("v1/collections/" + entity + "/" + collection).expect(200).data().getBoolean("private"))
                .isEqualTo(isPrivate);
        return new Target(entity, collection, collectionId, base);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void matrix(Row row) {
        Fixture f = fixture();
        ApiClient who = f.as(row.role());
        Target t = f.target(row.isPrivate());
        int expected = row.expected();
        switch (row.action()) {
            case LIST -> list(f, who, t, expected);
            case SEARCH -> search(who, t, expected);
            case GET -> {
                check(who.get("v1/containers/" + t.base().path()), expected, row);
                check(who.get("v1/images/" + t.base().ref("latest") + "?arch=amd64"), expected, row);
            }
            case PULL -> pull(who, t, expected, row);
            case PUSH -> push(f, who, t, expected, row);
            case TAG -> tag(f, who, t, expected, row);
            case DELETE -> delete(f, who, t, expected, row);
            case FREEZE -> freeze(f, who, t, expected, row);
            case CHANGE_PRIVACY -> {
                Reply reply = check(who.putJson("api/collections/" + t.path(), "{\"private\":" + row.isPrivate() + "}"),
                        expected, row);
                if (expected == 200) {
                    assertThat(reply.data().getBoolean("private")).isEqualTo(row.isPrivate());
                }
                assertThat(f.admin().get("api/collections/" + t.path()).expect(200).data().getBoolean("private"))
                        .isEqualTo(row.isPrivate());
            }
            case MANAGE_MEMBERS -> {
                Reply reply = check(who.postJson("api/collections/" + t.path() + "/members",
                        "{\"user\":\"" + f.bystander() + "\",\"role\":\"CONTRIBUTOR\"}"), expected, row);
                if (expected == 200) {
                    assertThat(reply.data().getJsonArray("members").getValuesAs(JsonObject.class))
                            .extracting(m -> m.getString("name")).contains(f.bystander());
                }
            }
        }
    }

    /** The entity lists the collection's id to those who may see it; the collection lists its containers. */
    private static void list(Fixture f, ApiClient who, Target t, int expected) {
        Reply entity = who.get("v1/entities/" + t.entity());
        if (expected == 401) {
            entity.expect(401);
        } else {
            List<String> ids = entity.expect(200).data().getJsonArray("collections").getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList();
            if (expected == 200) {
                assertThat(ids).contains(t.collectionId());
            } else {
                assertThat(ids).doesNotContain(t.collectionId());
            }
        }
        Reply collection = who.get("v1/collections/" + t.path()).expect(expected);
        if (expected == 200) {
            assertThat(collection.data().getJsonArray("containers").getValuesAs(JsonString.class))
                    .extracting(JsonString::getString).contains(t.base().containerId());
        }
    }

    /** Search answers 200 to anyone with a valid token or none; what it finds depends on who asks. */
    private static void search(ApiClient who, Target t, int expected) {
        Reply reply = who.get("v1/search?value=" + t.collection());
        if (expected == 401) {
            reply.expect(401);
            return;
        }
        String found = reply.expect(200).data().toString();
        if (expected == 200) {
            assertThat(found).contains(t.collectionId());
        } else {
            assertThat(found).doesNotContain(t.collection()).doesNotContain(t.collectionId());
        }
    }

    private static void pull(ApiClient who, Target t, int expected, Row row) {
        Reply redirect = who.get("v1/imagefile/" + t.base().ref("latest") + "?arch=amd64");
        if (expected != 200) {
            check(redirect, expected, row);
            return;
        }
        assertThat(new LibraryClient(who).pull(t.base().ref("latest"), "amd64")).isEqualTo(t.base().bytes());
    }

    /** A new container per row: a whole push when allowed, else the container's creation refused and nothing made. */
    private static void push(Fixture f, ApiClient who, Target t, int expected, Row row) {
        String container = "push-" + row.slug();
        if (expected == 200) {
            Pushed pushed = new LibraryClient(who).push(t.entity(), t.collection(), container, sif(2000), "amd64", "latest");
            assertThat(new LibraryClient(f.admin()).pull(pushed.ref("latest"), "amd64")).isEqualTo(pushed.bytes());
        } else {
            check(who.postJson("v1/containers", LibraryClient.containerJson(container, t.collectionId())), expected, row);
            f.admin().get("v1/containers/" + t.path() + "/" + container).expect(404);
        }
    }

    /** A new tag name per row on the base image. */
    private static void tag(Fixture f, ApiClient who, Target t, int expected, Row row) {
        String tag = "tag-" + row.slug();
        check(who.postJson("v2/tags/" + t.base().containerId(), LibraryClient.archTagJson("amd64", tag, t.base().imageId())),
                expected, row);
        JsonObject tags = f.admin().get("v2/tags/" + t.base().containerId()).expect(200).data().getJsonObject("amd64");
        if (expected == 200) {
            assertThat(tags.getString(tag)).isEqualTo(t.base().imageId());
        } else {
            assertThat(tags).doesNotContainKey(tag);
        }
    }

    /** A fresh image per row, pushed by the administrator. */
    private static void delete(Fixture f, ApiClient who, Target t, int expected, Row row) {
        Pushed victim = new LibraryClient(f.admin()).push(t.entity(), t.collection(), "del-" + row.slug(), sif(1800), "amd64",
                "latest");
        check(who.delete("v1/images/" + victim.ref("latest") + "?arch=amd64"), expected, row);
        f.admin().get("v1/images/" + victim.ref("latest") + "?arch=amd64").expect(expected == 200 ? 404 : 200);
    }

    /** A fresh tag per row, made by the administrator, then frozen by the role. */
    private static void freeze(Fixture f, ApiClient who, Target t, int expected, Row row) {
        String tag = "frz-" + row.slug();
        new LibraryClient(f.admin()).tag(t.base().containerId(), "amd64", tag, t.base().imageId());
        String path = "api/admin/containers/" + t.base().path() + "/tags/" + tag;
        Reply reply = check(who.putJson(path, "{\"arch\":\"amd64\",\"frozen\":true}"), expected, row);
        // thawing it again tells whether it was frozen (the answer shows the new state only)
        boolean wasFrozen = f.admin().postJson("v2/tags/" + t.base().containerId(),
                LibraryClient.archTagJson("amd64", tag, otherImage(f, t))).status() == 409;
        assertThat(wasFrozen).as(row + ": frozen afterwards").isEqualTo(expected == 200);
        if (expected == 200) {
            assertThat(reply.data().getBoolean("frozen")).isTrue();
        }
    }

    /** An uploaded image of the base container other than its latest one (made once per target). */
    private static String otherImage(Fixture f, Target t) {
        return OTHER_IMAGES.computeIfAbsent(t.collectionId(), id -> new LibraryClient(f.admin())
                .push(t.entity(), t.collection(), "base", sif(2100), "amd64", "other").imageId());
    }

    private static final java.util.Map<String, String> OTHER_IMAGES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The status as expected; a refusal in the API's error shape, a 404 that says "not found" like
     * any missing name, a read-only token's 403 that says so.
     */
    private static Reply check(Reply reply, int expected, Row row) {
        if (reply.status() != expected) {
            throw new AssertionError(row + ": expected " + expected + ", got " + reply.describe());
        }
        if (expected >= 400) {
            String message = reply.errorMessage();
            assertThat(reply.error().getInt("code")).isEqualTo(expected);
            if (expected == 404) {
                assertThat(message).as(row.toString()).contains("not found").doesNotContain("may not");
            }
            if (row.role() == Role.ROBOT_READ_ONLY && expected == 403) {
                assertThat(message).as(row.toString()).contains("read-only");
            }
        }
        return reply;
    }

    /**
     * With CONTRIBUTORS_MAY_PUSH on, a contributor (in person and through the team's namespace)
     * pushes, tags and deletes, but still manages nothing: freezing a tag, the privacy and the
     * members stay with the owners.
     */
    @Test
    void contributorsMayPushButStillManageNothing() {
        Fixture f = fixture();
        Target t = f.privateTarget();
        try {
            f.admin().putJson("api/admin/settings/CONTRIBUTORS_MAY_PUSH", "{\"value\":\"true\"}").expect(200);
            for (Role role : List.of(Role.CONTRIBUTOR, Role.TEAM_MEMBER)) {
                ApiClient who = f.as(role);
                Pushed pushed = new LibraryClient(who).push(t.entity(), t.collection(), "mp-" + role.slug(), sif(2000),
                        "amd64", "latest");
                new LibraryClient(who).tag(pushed.containerId(), "amd64", "again", pushed.imageId());
                String frozenTag = "mpf-" + role.slug();
                new LibraryClient(who).tag(t.base().containerId(), "amd64", frozenTag, t.base().imageId());
                check(who.putJson("api/admin/containers/" + t.base().path() + "/tags/" + frozenTag, "{\"frozen\":true}"),
                        403, new Row(role, Action.FREEZE, true));
                check(who.putJson("api/collections/" + t.path(), "{\"private\":false}"), 403,
                        new Row(role, Action.CHANGE_PRIVACY, true));
                check(who.postJson("api/collections/" + t.path() + "/members", "{\"user\":\"" + f.bystander() + "\"}"),
                        403, new Row(role, Action.MANAGE_MEMBERS, true));
                who.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(200);
            }
        } finally {
            f.admin().putJson("api/admin/settings/CONTRIBUTORS_MAY_PUSH", "{}").expect(200);
        }
        assertThat(f.admin().get("api/collections/" + t.path()).expect(200).data().getBoolean("private")).isTrue();
    }

    /**
     * Private content (a collection with a description, a container, a tag, a label, an image)
     * next to public content in one namespace. An outsider and nobody look for it by every API:
     * every lookup answers exactly what a name that does not exist gets, search finds none of it by
     * any of its words, the entity lists and counts only the public collection, and the console's
     * pages show none of it.
     */
    @Test
    void privateContentIsNowhereForOutsiders() {
        Fixture f = fixture();
        ApiClient owner = user(f.admin(), unique("keeper"), "USER");
        String entity = username(owner);
        LibraryClient library = new LibraryClient(owner);
        String entityId = library.entity(entity);
        String visible = unique("shown");
        library.collection(entity, entityId, visible, false);
        Pushed shown = library.push(entity, visible, "box", sif(3000), "amd64", "latest");
        String secret = unique("hidden");
        String secretId = library.collection(entity, entityId, secret, true);
        owner.putJson("api/collections/" + entity + "/" + secret, "{\"description\":\"zanzibarword\"}").expect(200);
        String label = unique("labelvalue");
        String container = unique("vault");
        byte[] bytes = TestImages.labelled(2000, "{\"org.label-schema.usage\":\"" + label + "\"}");
        Pushed hidden = library.push(entity, secret, container, bytes, "amd64", "secrettag");
        JsonObject seen = owner.get("v1/entities/" + entity).expect(200).data();
        assertThat(seen.getJsonNumber("size").longValue()).isEqualTo(3000 + bytes.length);
        assertThat(owner.get("v1/search?value=" + label).expect(200).data().toString()).contains(container);

        String missing = unique("hidden");
        String missingContainer = unique("vault");
        String missingId = "00000000-0000-0000-0000-000000000000";
        List<String> secrets = List.of(secret, secretId, container, hidden.containerId(), hidden.imageId(), label,
                "secrettag", "zanzibarword", TestImages.sha256(bytes));
        for (ApiClient stranger : List.of(f.as(Role.USER), f.as(Role.ANONYMOUS))) {
            String who = stranger == f.as(Role.USER) ? "outsider" : "anonymous";
            // by name: the same answer as for a missing collection, container, tag or hash
            for (String lookup : List.of("v1/collections/%s/%s", "v1/containers/%s/%s/" + container,
                    "v1/images/%s/%s/" + container + ":secrettag?arch=amd64",
                    "v1/images/%s/%s/" + container + ":" + hidden.hashRef() + "?arch=amd64",
                    "v1/imagefile/%s/%s/" + container + ":secrettag?arch=amd64",
                    "v1/imagefile/%s/%s/" + container + ":" + hidden.hashRef() + "?arch=amd64",
                    "api/collections/%s/%s", "api/collections/%s/%s/limits",
                    "api/collections/%s/%s/containers/" + container + "/limits")) {
                assertLikeMissing(who, stranger.get(lookup.formatted(entity, secret)),
                        stranger.get(lookup.formatted(entity, missing)), secret, missing);
            }
            assertLikeMissing(who, stranger.get("v1/images/" + entity + "/" + visible + "/" + container + ":secrettag"),
                    stranger.get("v1/images/" + entity + "/" + visible + "/" + missingContainer + ":secrettag"),
                    container, missingContainer);
            // by id
            for (String lookup : List.of("v2/tags/%s", "v1/tags/%s")) {
                assertLikeMissing(who, stranger.get(lookup.formatted(hidden.containerId())),
                        stranger.get(lookup.formatted(missingId)), hidden.containerId(), missingId);
            }
            // writes: refused like writes to what does not exist (anonymous ones before anything is looked up)
            assertLikeMissing(who, stranger.postJson("v1/containers", LibraryClient.containerJson("x", secretId)),
                    stranger.postJson("v1/containers", LibraryClient.containerJson("x", missingId)), secretId, missingId);
            assertLikeMissing(who, stranger.postJson("v1/images", LibraryClient.imageJson(TestImages.hashRef(sif(900)),
                    hidden.containerId())), stranger.postJson("v1/images", LibraryClient.imageJson(
                    TestImages.hashRef(sif(900)), missingId)), hidden.containerId(), missingId);
            assertLikeMissing(who, stranger.postJson("v2/imagefile/" + hidden.imageId(), LibraryClient.uploadJson(bytes)),
                    stranger.postJson("v2/imagefile/" + missingId, LibraryClient.uploadJson(bytes)), hidden.imageId(),
                    missingId);
            assertLikeMissing(who, stranger.delete("v1/images/" + hidden.ref("secrettag") + "?arch=amd64"),
                    stranger.delete("v1/images/" + entity + "/" + missing + "/" + container + ":secrettag?arch=amd64"),
                    secret, missing);
            assertLikeMissing(who, stranger.putJson("api/collections/" + entity + "/" + secret, "{\"private\":false}"),
                    stranger.putJson("api/collections/" + entity + "/" + missing, "{\"private\":false}"), secret, missing);
            assertLikeMissing(who, stranger.postJson("api/collections/" + entity + "/" + secret + "/members",
                    "{\"user\":\"" + f.bystander() + "\"}"), stranger.postJson("api/collections/" + entity + "/" + missing
                    + "/members", "{\"user\":\"" + f.bystander() + "\"}"), secret, missing);

            // search by every word of it finds nothing of it
            for (String word : List.of(secret, container, label, "zanzibarword", "secrettag", hidden.hashRef(),
                    TestImages.sha256(bytes))) {
                assertNoneOf(who + " searching " + word, stranger.get("v1/search?value=" + word).expect(200).text(),
                        secrets);
            }
            // the entity lists and counts only what it may see
            JsonObject entityView = stranger.get("v1/entities/" + entity).expect(200).data();
            assertThat(entityView.getJsonNumber("size").longValue()).as(who + ": the entity's size").isEqualTo(3000);
            assertNoneOf(who + " entity", entityView.toString(), secrets);
            assertNoneOf(who + " public container", stranger.get("v1/containers/" + shown.path()).expect(200).text(), secrets);
            // staff listings are refused, without names
            Reply collections = stranger.get("api/admin/collections?q=" + secret);
            assertThat(collections.status()).as(who).isIn(401, 403);
            assertNoneOf(who + " admin collections", collections.text(), secrets);
            // the console's pages
            for (String page : List.of("console/index.xhtml", "console/collections.xhtml?entity=" + entity,
                    "console/search.xhtml?q=" + label, "console/search.xhtml?q=zanzibarword",
                    "console/collections.xhtml?label=" + label, "console/collections.xhtml?tag=secrettag")) {
                Reply html = stranger.get(page);
                assertThat(html.status()).as(who + " " + page).isEqualTo(200);
                assertNoneOf(who + " " + page, html.text(), List.of(secret, container, secretId, hidden.containerId()));
            }
            for (String page : List.of("console/collection.xhtml?entity=%s&collection=%s",
                    "console/container.xhtml?entity=%s&collection=%s&container=" + container)) {
                Reply hiddenPage = stranger.get(page.formatted(entity, secret));
                Reply missingPage = stranger.get(page.formatted(entity, missing));
                assertThat(hiddenPage.status()).as(who + " " + page).isEqualTo(missingPage.status());
                assertNoneOf(who + " " + page, hiddenPage.text(), List.of(hidden.containerId(), "zanzibarword", label,
                        "secrettag", secretId));
            }
        }
        // after all that, the owner still sees it all, untouched
        assertThat(new LibraryClient(owner).pull(hidden.ref("secrettag"), "amd64")).isEqualTo(bytes);
        assertThat(owner.get("v1/collections/" + entity + "/" + secret).expect(200).data().getBoolean("private")).isTrue();
    }

    private static void assertLikeMissing(String who, Reply hidden, Reply missing, String secret, String missingName) {
        assertThat(hidden.status()).as(who + ": " + hidden.request() + " like " + missing.describe())
                .isEqualTo(missing.status()).isIn(401, 404);
        assertThat(hidden.text().replace(secret, "NAME")).as(who + ": " + hidden.request())
                .isEqualTo(missing.text().replace(missingName, "NAME"));
    }

    private static void assertNoneOf(String what, String text, List<String> secrets) {
        for (String s : secrets) {
            assertThat(text).as(what + " must not show " + s).doesNotContain(s);
        }
    }

    private static ApiClient user(ApiClient admin, String name, String role) {
        admin.postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "-123456\",\"role\":\""
                + role + "\"}").expect(201);
        return admin.withToken(admin.postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201).data()
                .getString("token"));
    }

    private static String username(ApiClient client) {
        return client.get("api/registry/identity").expect(200).data().getString("username");
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
