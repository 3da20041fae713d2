package org.sregistry.it.downloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Set;
import java.util.concurrent.TimeUnit;
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
 * Download accounting and weekly pull limits over HTTP: one pull (one {@code GET v1/imagefile})
 * counts once for its image, container and collection whatever the ranged requests that follow,
 * anonymous and authenticated alike; a used-up limit answers 429 with Retry-After to everyone but
 * the collection's owners and staff, never stops a push, and the {@code limits-reset} job lifts it.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class DownloadsIT {

    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient admin;
    ApiClient anonymous;

    @BeforeEach
    void connect() {
        admin = ApiClient.of(deployed, ApiClient.adminToken());
        anonymous = admin.anonymous();
    }

    @Test
    void everyPullCountsOnceForImageContainerAndCollectionAnonymousOrNot() {
        ApiClient bob = user(unique("bob"));
        LibraryClient library = new LibraryClient(admin);
        Pushed box = library.pushNew(unique("dl"), 40_000);
        String ref = box.ref("latest");
        assertCounts(box, 0, 0, 0);

        // anonymous: the 303, then the blob whole and in ranges (as pullc does) — one pull
        String location = new LibraryClient(anonymous).downloadUrl(ref, "amd64");
        assertThat(anonymous.transfer("GET", location, null).expect(200).body()).isEqualTo(box.bytes());
        anonymous.transfer("GET", location, null, "Range", "bytes=0-1024").expect(206);
        anonymous.transfer("GET", location, null, "Range", "bytes=1025-39999").expect(206);
        assertCounts(box, 1, 1, 1);

        // authenticated, by tag and by hash
        assertThat(new LibraryClient(bob).pull(ref, "amd64")).isEqualTo(box.bytes());
        assertThat(library.pull(box.path() + ":" + box.hashRef(), "amd64")).isEqualTo(box.bytes());
        assertCounts(box, 3, 3, 3);

        // what is not a pull counts nothing: image metadata, a push of the same bytes, a failed pull
        admin.get("v1/images/" + ref + "?arch=amd64").expect(200);
        library.push(box.entity(), box.collection(), box.container(), box.bytes(), "amd64", "again");
        anonymous.get("v1/imagefile/" + box.path() + ":nosuchtag?arch=amd64").expect(404);
        assertCounts(box, 3, 3, 3);

        // the library JSON carries the counts where the client's types have a field for them
        JsonObject image = anonymous.get("v1/images/" + ref + "?arch=amd64").expect(200).data();
        assertThat(image.getJsonNumber("containerDownloads").longValue()).isEqualTo(3);
        JsonObject container = anonymous.get("v1/containers/" + box.path()).expect(200).data();
        assertThat(container.getJsonNumber("downloadCount").longValue()).isEqualTo(3);
    }

    @Test
    void pullcCountsOnceNotOncePerRange() throws Exception {
        String libclient = System.getProperty("LIBCLIENT", System.getenv("LIBCLIENT"));
        assumeTrue(libclient != null && Files.isExecutable(Path.of(libclient)), "LIBCLIENT is not set");
        Pushed box = new LibraryClient(admin).pushNew(unique("dlc"), 300_000);
        Path out = Files.createTempFile("pullc", ".sif");
        try {
            // 4 workers, 64 KiB parts: a probe and 5 ranged GETs of the signed URL
            String base = admin.base().toString().replaceAll("/$", "");
            run(libclient, "pullc", base, "-", box.ref("latest"), out.toString(), "amd64", "4", "65536");
            assertThat(Files.readAllBytes(out)).isEqualTo(box.bytes());
            assertCounts(box, 1, 1, 1);
            run(libclient, "pull", base, ApiClient.adminToken(), box.ref("latest"), out.toString());
            assertThat(Files.readAllBytes(out)).isEqualTo(box.bytes());
            assertCounts(box, 2, 2, 2);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    @Test
    void aUsedUpCollectionLimitAnswers429WithRetryAfterButNotToOwnersNorPushes() {
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        ApiClient bob = user(unique("bob"));
        LibraryClient ownerLibrary = new LibraryClient(owner);
        Pushed box = ownerLibrary.push(ownerName, "tools", "box", sif(20_000), "amd64", "latest");
        Pushed cup = ownerLibrary.push(ownerName, "tools", "cup", sif(20_000), "amd64", "latest");
        String limits = "api/collections/" + ownerName + "/tools/limits";

        bob.putJson(limits, "{\"pullLimit\":1}").expect(403);
        JsonObject set = owner.putJson(limits, "{\"pullLimit\":2}").expect(200).data();
        assertThat(set.getJsonNumber("pullLimit").longValue()).isEqualTo(2);
        assertThat(set.getString("path")).isEqualTo(ownerName + "/tools");

        new LibraryClient(anonymous).pull(box.ref("latest"), "amd64");
        new LibraryClient(bob).pull(cup.ref("latest"), "amd64");

        for (ApiClient refused : new ApiClient[] {anonymous, bob}) {
            ApiClient.Reply reply = refused.get("v1/imagefile/" + box.ref("latest") + "?arch=amd64").expect(429);
            assertThat(reply.error().getInt("code")).isEqualTo(429);
            assertThat(reply.errorMessage()).isEqualTo("the weekly pull limit of collection " + ownerName
                    + "/tools (2 pulls) is used up; it resets at " + nextMonday());
            long retryAfter = Long.parseLong(reply.header("Retry-After").orElseThrow());
            long expected = Duration.between(Instant.now(), nextMonday()).getSeconds();
            assertThat(retryAfter).isBetween(expected - 60, expected + 60).isBetween(1L, 7 * 24 * 3600L);
        }
        JsonObject usage = owner.get(limits).expect(200).data();
        assertThat(usage.getJsonNumber("weekPulls").longValue()).as("refused pulls count nowhere").isEqualTo(2);
        assertThat(usage.getJsonNumber("downloadCount").longValue()).isEqualTo(2);
        assertThat(usage.getString("resetsAt")).startsWith(nextMonday().toString().substring(0, 10));

        // the collection's owner and staff are counted but not refused
        assertThat(ownerLibrary.pull(box.ref("latest"), "amd64")).isEqualTo(box.bytes());
        assertThat(new LibraryClient(admin).pull(cup.ref("latest"), "amd64")).isEqualTo(cup.bytes());
        assertThat(owner.get(limits).expect(200).data().getJsonNumber("weekPulls").longValue()).isEqualTo(4);

        // a push while the limit is used up goes through, and counts no pull
        byte[] next = sif(30_000);
        Pushed pushed = ownerLibrary.push(ownerName, "tools", "box", next, "amd64", "v2");
        assertThat(ownerLibrary.pull(pushed.ref("v2"), "amd64")).isEqualTo(next);
        assertThat(owner.get(limits).expect(200).data().getJsonNumber("weekPulls").longValue()).isEqualTo(5);

        // removing the limit lets everyone pull again
        assertThat(owner.putJson(limits, "{\"pullLimit\":null}").expect(200).data()).doesNotContainKey("pullLimit");
        assertThat(new LibraryClient(anonymous).pull(box.ref("latest"), "amd64")).isEqualTo(box.bytes());
    }

    @Test
    void aContainerLimitStopsThatContainerAndTheResetJobLiftsIt() {
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        LibraryClient ownerLibrary = new LibraryClient(owner);
        Pushed box = ownerLibrary.push(ownerName, "kit", "box", sif(20_000), "amd64", "latest");
        Pushed cup = ownerLibrary.push(ownerName, "kit", "cup", sif(20_000), "amd64", "latest");
        String boxLimits = "api/collections/" + ownerName + "/kit/containers/box/limits";
        JsonObject set = admin.putJson(boxLimits, "{\"pullLimit\":1}").expect(200).data();
        assertThat(set.getString("path")).isEqualTo(ownerName + "/kit/box");

        LibraryClient outsider = new LibraryClient(anonymous);
        outsider.pull(box.ref("latest"), "amd64");
        ApiClient.Reply refused = anonymous.get("v1/imagefile/" + box.ref("latest") + "?arch=amd64").expect(429);
        assertThat(refused.errorMessage()).startsWith("the weekly pull limit of container " + ownerName + "/kit/box (1 pulls)");
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(outsider.pull(cup.ref("latest"), "amd64")).as("other containers are not limited").isEqualTo(cup.bytes());

        JsonObject run = awaitFinished(admin.postJson("api/admin/jobs/limits-reset", "{}").expect(202).data()
                .getJsonNumber("executionId").longValue());
        assertThat(run.getString("status")).isEqualTo("COMPLETED");
        assertThat(run.getString("summary")).matches("RESET [1-9]\\d* containers, [1-9]\\d* collections");

        JsonObject usage = owner.get(boxLimits).expect(200).data();
        assertThat(usage.getJsonNumber("weekPulls").longValue()).isZero();
        assertThat(usage.getJsonNumber("downloadCount").longValue()).as("all-time counts stay").isEqualTo(1);
        assertThat(usage.getJsonNumber("pullLimit").longValue()).isEqualTo(1);
        assertThat(outsider.pull(box.ref("latest"), "amd64")).isEqualTo(box.bytes());
        anonymous.get("v1/imagefile/" + box.ref("latest") + "?arch=amd64").expect(429);
        assertThat(admin.postJson("api/admin/jobs/limits-reset", "{\"dryRun\":true}").expect(400).errorMessage())
                .contains("takes no parameter 'dryRun'");
    }

    @Test
    void badLimitsAreRefusedInTheApisOwnShape() {
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        new LibraryClient(owner).push(ownerName, "bad", "box", sif(10_000), "amd64", "latest");
        String limits = "api/collections/" + ownerName + "/bad/limits";
        assertThat(owner.putJson(limits, "{\"pullLimit\":-1}").expect(400).errorMessage())
                .isEqualTo("pullLimit must be between 0 and 1000000000, or null for no limit");
        assertThat(owner.putJson(limits, "{\"pullLimit\":\"many\"}").expect(400).error().getInt("code")).isEqualTo(400);
        owner.putJson(limits, "[1]").expect(400);
        owner.get("api/collections/" + ownerName + "/nosuch/limits").expect(404);
        owner.get("api/collections/" + ownerName + "/bad/containers/nosuch/limits").expect(404);
        anonymous.putJson(limits, "{\"pullLimit\":1}").expect(401);
        JsonObject usage = owner.get(limits).expect(200).data();
        assertThat(usage).as("limits are off by default").doesNotContainKey("pullLimit");
        assertThat(usage.getJsonNumber("weekPulls").longValue()).isZero();
    }

    @Test
    void aShareLinkDownloadsOneImageWithoutAnAccountCountedUntilRevoked() {
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        LibraryClient ownerLibrary = new LibraryClient(owner);
        Pushed box = ownerLibrary.push(ownerName, "secret", "box", sif(20_000), "amd64", "latest");
        owner.putJson("api/collections/" + ownerName + "/secret", "{\"private\":true}").expect(200);
        String shares = "api/collections/" + ownerName + "/secret/containers/box/shares";

        JsonObject made = owner.postJson(shares, "{\"tag\":\"latest\",\"days\":2}").expect(201).data();
        String url = made.getString("url");
        assertThat(url).matches(".*/share/[A-Za-z0-9_-]{43}");
        assertThat(made.getString("state")).isEqualTo("ACTIVE");
        assertThat(made.getString("tag")).isEqualTo("latest");
        assertThat(made.getString("image")).isEqualTo(box.hashRef());
        assertThat(made.getString("container")).isEqualTo(box.path());
        assertThat(made.getString("createdBy")).isEqualTo(ownerName);
        assertThat(Duration.between(Instant.parse(made.getString("createdAt")), Instant.parse(made.getString("expiresAt"))))
                .isEqualTo(Duration.ofDays(2));

        // anyone holding the link downloads the private image, whole and in ranges
        ApiClient.Reply whole = anonymous.transfer("GET", url, null).expect(200);
        assertThat(whole.body()).isEqualTo(box.bytes());
        assertThat(whole.header("Cache-Control")).contains("private, no-store");
        assertThat(whole.header("Accept-Ranges")).contains("bytes");
        ApiClient.Reply part = anonymous.transfer("GET", url, null, "Range", "bytes=100-1099").expect(206);
        assertThat(part.body()).isEqualTo(java.util.Arrays.copyOfRange(box.bytes(), 100, 1100));
        assertThat(part.header("Content-Range")).contains("bytes 100-1099/20000");
        assertCounts(box, 2, 2, 2);
        // a HEAD (what link previews send) says whether the link works and counts nothing
        assertThat(anonymous.transfer("HEAD", url, null).expect(200).header("Content-Length")).contains("20000");
        assertCounts(box, 2, 2, 2);

        // ... and nothing else: the collection stays hidden, a mistyped link is unknown
        anonymous.get("v1/images/" + box.ref("latest") + "?arch=amd64").expect(404);
        assertThat(anonymous.transfer("GET", url.substring(0, url.length() - 1) + (url.endsWith("A") ? "B" : "A"), null)
                .expect(404).errorMessage()).isEqualTo("there is no share link at this address: check that it was copied whole");
        anonymous.transfer("GET", url.replaceAll("/share/.*", "/share/not~a~link"), null).expect(404);

        JsonObject listed = only(owner.get(shares).expect(200));
        assertThat(listed.getString("id")).isEqualTo(made.getString("id"));
        assertThat(listed.getJsonNumber("downloads").longValue()).isEqualTo(2);
        assertThat(listed).as("the URL is shown once").doesNotContainKey("url");

        // revoked: refused at once, with a clear message, and counted nowhere
        JsonObject revoked = owner.delete("api/shares/" + made.getString("id")).expect(200).data();
        assertThat(revoked.getString("state")).isEqualTo("REVOKED");
        ApiClient.Reply gone = anonymous.transfer("GET", url, null).expect(410);
        assertThat(gone.errorMessage()).startsWith("this share link was revoked on ").endsWith("ask whoever sent it for a new one");
        anonymous.transfer("HEAD", url, null).expect(410);
        assertCounts(box, 2, 2, 2);
        assertThat(only(owner.get(shares).expect(200)).getString("state")).isEqualTo("REVOKED");

        JsonObject audit = admin.get("api/admin/audit?actor=" + ownerName + "&action=SHARE_CREATE").expect(200).json();
        assertThat(audit.getJsonArray("data").getJsonObject(0).getString("target")).isEqualTo(box.path());
        assertThat(admin.get("api/admin/audit?actor=" + ownerName + "&action=SHARE_REVOKE").expect(200).json()
                .getJsonArray("data").getJsonObject(0).getString("detail")).contains(made.getString("id"));
    }

    /**
     * A link works until its expiry and answers 410 from then on. The IT cannot wait days, so the
     * link's row is made to have expired an hour ago over JDBC, in the IT's own database (the
     * MariaDB run, -Pmariadb; H2's file is held by the server, so the H2 run skips this).
     */
    @Test
    void aShareLinkWorksUntilItExpiresAndAnswers410After() throws Exception {
        String db = System.getProperty("it.db.url", "");
        assumeTrue(db.startsWith("jdbc:"), "needs the IT database over JDBC (-Pmariadb)");
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        Pushed box = new LibraryClient(owner).push(ownerName, "expiring", "box", sif(12_000), "amd64", "latest");
        String shares = "api/collections/" + ownerName + "/expiring/containers/box/shares";
        JsonObject made = owner.postJson(shares, "{\"tag\":\"latest\",\"days\":1}").expect(201).data();
        String url = made.getString("url");
        assertThat(anonymous.transfer("GET", url, null).expect(200).body()).isEqualTo(box.bytes());
        assertThat(anonymous.transfer("HEAD", url, null).expect(200).header("Content-Length")).contains("12000");
        assertCounts(box, 1, 1, 1);

        Instant expired = Instant.now().minus(Duration.ofHours(1));
        try (Connection connection = DriverManager.getConnection(db, System.getProperty("it.db.user"),
                System.getProperty("it.db.password"));
                PreparedStatement update = connection.prepareStatement("UPDATE share_link SET expires_at = ? WHERE id = ?")) {
            update.setTimestamp(1, Timestamp.from(expired));
            update.setString(2, made.getString("id"));
            assertThat(update.executeUpdate()).as("the link's row").isEqualTo(1);
        }

        ApiClient.Reply gone = anonymous.transfer("GET", url, null).expect(410);
        assertThat(gone.errorMessage()).startsWith("this share link expired on ").endsWith("ask whoever sent it for a new one");
        anonymous.transfer("HEAD", url, null).expect(410);
        assertCounts(box, 1, 1, 1);
        JsonObject listed = only(owner.get(shares).expect(200));
        assertThat(listed.getString("state")).isEqualTo("EXPIRED");
        assertThat(listed.getJsonNumber("downloads").longValue()).isEqualTo(1);
        // the image itself is untouched: its owner still pulls it
        assertThat(new LibraryClient(owner).pull(box.ref("latest"), "amd64")).isEqualTo(box.bytes());
    }

    @Test
    void shareLinkDownloadsObeyPullLimitsAndOnlyOwnersMakeOrSeeLinks() {
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        ApiClient bob = user(unique("bob"));
        LibraryClient ownerLibrary = new LibraryClient(owner);
        Pushed open = ownerLibrary.push(ownerName, "open", "box", sif(10_000), "amd64", "latest");
        Pushed hidden = ownerLibrary.push(ownerName, "hidden", "box", sif(10_000), "amd64", "latest");
        owner.putJson("api/collections/" + ownerName + "/hidden", "{\"private\":true}").expect(200);
        String openShares = "api/collections/" + ownerName + "/open/containers/box/shares";
        String hiddenShares = "api/collections/" + ownerName + "/hidden/containers/box/shares";

        // outsiders: 403 on a public collection they do not own, 404 on a private one, 401 without a token
        bob.postJson(openShares, "{}").expect(403);
        bob.get(openShares).expect(403);
        bob.postJson(hiddenShares, "{}").expect(404);
        bob.get(hiddenShares).expect(404);
        anonymous.postJson(openShares, "{}").expect(401);
        anonymous.get(hiddenShares).expect(404);

        // bad requests, in the API's own shape
        assertThat(owner.postJson(openShares, "{\"days\":0}").expect(400).errorMessage())
                .isEqualTo("days must be between 1 and 30 (REGISTRY_SHARE_MAX_DAYS)");
        owner.postJson(openShares, "{\"days\":31}").expect(400);
        owner.postJson(openShares, "{\"days\":\"soon\"}").expect(400);
        owner.postJson(openShares, "[]").expect(400);
        owner.postJson(openShares, "{\"tag\":\"nosuch\"}").expect(404);
        owner.postJson(openShares, "{\"image\":\"" + hidden.imageId() + "\"}").expect(404);
        owner.postJson("api/collections/" + ownerName + "/open/containers/nosuch/shares", "{}").expect(404);

        // by image id, default 7 days; staff may make links too
        JsonObject byId = owner.postJson(openShares, "{\"image\":\"" + open.imageId() + "\"}").expect(201).data();
        assertThat(byId.getString("tag")).isEqualTo(open.hashRef());
        assertThat(Duration.between(Instant.parse(byId.getString("createdAt")), Instant.parse(byId.getString("expiresAt"))))
                .isEqualTo(Duration.ofDays(7));
        JsonObject hiddenLink = admin.postJson(hiddenShares, "{}").expect(201).data();
        bob.delete("api/shares/" + hiddenLink.getString("id")).expect(404);
        anonymous.delete("api/shares/" + hiddenLink.getString("id")).expect(401);

        // a link's downloads are anonymous pulls: a used-up weekly limit refuses them and counts nothing
        owner.putJson("api/collections/" + ownerName + "/hidden/containers/box/limits", "{\"pullLimit\":1}").expect(200);
        assertThat(anonymous.transfer("GET", hiddenLink.getString("url"), null).expect(200).body()).isEqualTo(hidden.bytes());
        assertThat(anonymous.transfer("GET", hiddenLink.getString("url"), null).expect(429).errorMessage())
                .startsWith("the weekly pull limit of container " + ownerName + "/hidden/box (1 pulls) is used up");
        assertThat(only(owner.get(hiddenShares).expect(200)).getJsonNumber("downloads").longValue()).isEqualTo(1);
        assertThat(anonymous.transfer("GET", byId.getString("url"), null).expect(200).body()).isEqualTo(open.bytes());
    }

    @Test
    void robotsSitemapAndBadgesShowPublicContentOnly() throws Exception {
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        LibraryClient ownerLibrary = new LibraryClient(owner);
        Pushed pub = ownerLibrary.push(ownerName, "pub", "box", sif(10_000), "amd64", "latest");
        ownerLibrary.push(ownerName, "sec", "vault", sif(10_000), "amd64", "latest");
        owner.putJson("api/collections/" + ownerName + "/sec", "{\"private\":true}").expect(200);
        new LibraryClient(anonymous).pull(pub.ref("latest"), "amd64");
        String base = anonymous.base().toString().replaceAll("/$", "");
        String path = anonymous.base().getPath();
        String prefix = path.endsWith("/") ? path : path + "/";

        ApiClient.Reply robots = anonymous.get("robots.txt").expect(200);
        assertThat(robots.header("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(robots.text()).startsWith("User-agent: *\n").contains("Allow: " + prefix + "\n",
                "Disallow: " + prefix + "console/account/\n", "Disallow: " + prefix + "console/admin/\n",
                "Disallow: " + prefix + "v1/\n", "Disallow: " + prefix + "api/\n", "Disallow: " + prefix + "share/\n")
                .endsWith("Sitemap: " + base + "/sitemap.xml\n");

        ApiClient.Reply sitemap = anonymous.get("sitemap.xml").expect(200);
        assertThat(sitemap.header("Content-Type").orElseThrow()).startsWith("application/xml");
        var doc = javax.xml.parsers.DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new java.io.ByteArrayInputStream(sitemap.body()));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("urlset");
        var locs = doc.getElementsByTagNameNS("http://www.sitemaps.org/schemas/sitemap/0.9", "loc");
        java.util.List<String> urls = new java.util.ArrayList<>();
        for (int i = 0; i < locs.getLength(); i++) {
            urls.add(locs.item(i).getTextContent());
        }
        assertThat(urls).hasSizeLessThanOrEqualTo(50_000)
                .contains(base + "/console/collection.xhtml?entity=" + ownerName + "&collection=pub",
                        base + "/console/container.xhtml?entity=" + ownerName + "&collection=pub&container=box")
                .noneMatch(u -> u.contains("collection=sec") && u.contains(ownerName))
                .noneMatch(u -> u.contains("vault"));
        assertThat(sitemap.text()).contains("<lastmod>" + LocalDate.now(ZoneOffset.UTC));
        assertThat(anonymous.get("sitemap-1.xml").expect(200).text()).isEqualTo(anonymous.get("sitemap.xml").text());
        anonymous.get("sitemap-2.xml").expect(404);

        ApiClient.Reply badge = anonymous.get("api/collections/" + ownerName + "/pub/badge.svg").expect(200);
        assertThat(badge.header("Content-Type").orElseThrow()).startsWith("image/svg+xml");
        assertThat(badge.text()).startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"").contains(">1 pull</text>");
        assertThat(anonymous.get("api/collections/" + ownerName + "/pub/badge.svg?show=images").expect(200).text())
                .contains(">1 image</text>");
        anonymous.get("api/collections/" + ownerName + "/pub/badge.svg?show=stars").expect(400);
        owner.get("api/collections/" + ownerName + "/sec/badge.svg").expect(404);
        anonymous.get("api/collections/" + ownerName + "/nosuch/badge.svg").expect(404);
        // the collection API next to the badge is unchanged
        owner.get("api/collections/" + ownerName + "/pub").expect(200);
    }

    private static JsonObject only(ApiClient.Reply reply) {
        var list = reply.json().getJsonArray("data");
        assertThat(list).hasSize(1);
        return list.getJsonObject(0);
    }

    // ---------------------------------------------------------------------------------------------

    /**
     * Pull counts of the image behind {@code box}'s latest tag, its container and its collection (a
     * collection of its own: all its pulls are this week's).
     */
    private void assertCounts(Pushed box, long image, long container, long collection) {
        // the image JSON is kept on the node for up to 2 s (registry.reads.cache-seconds), and a pull
        // changes no more than its counts: they show within that time
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(4);
        JsonObject img = admin.get("v1/images/" + box.ref("latest") + "?arch=amd64").expect(200).data();
        while (img.getJsonNumber("downloadCount").longValue() != image && System.nanoTime() < deadline) {
            sleep(100);
            img = admin.get("v1/images/" + box.ref("latest") + "?arch=amd64").expect(200).data();
        }
        assertThat(img.getJsonNumber("downloadCount").longValue()).as("image downloads").isEqualTo(image);
        String base = "api/collections/" + box.entity() + "/" + box.collection();
        assertThat(admin.get(base + "/containers/" + box.container() + "/limits").expect(200).data()
                .getJsonNumber("downloadCount").longValue()).as("container downloads").isEqualTo(container);
        JsonObject col = admin.get(base + "/limits").expect(200).data();
        assertThat(col.getJsonNumber("downloadCount").longValue()).as("collection downloads").isEqualTo(collection);
        assertThat(col.getJsonNumber("weekPulls").longValue()).as("collection pulls this week").isEqualTo(collection);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ApiClient user(String name) {
        admin.postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "-123456\"}").expect(201);
        return admin.withToken(admin.postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201)
                .data().getString("token"));
    }

    private static Instant nextMonday() {
        return LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.next(java.time.DayOfWeek.MONDAY))
                .atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private JsonObject awaitFinished(long executionId) {
        Instant deadline = Instant.now().plusSeconds(60);
        while (true) {
            JsonObject run = admin.get("api/admin/jobs/" + executionId).expect(200).data();
            if (FINISHED.contains(run.getString("status"))) {
                return run;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job execution " + executionId + " did not finish: " + run);
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        boolean done = process.waitFor(120, TimeUnit.SECONDS);
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(done).as("libclient finished: " + output).isTrue();
        assertThat(process.exitValue()).as("libclient " + command[1] + ": " + output).isZero();
    }
}
