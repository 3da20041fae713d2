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

    // ---------------------------------------------------------------------------------------------

    /**
     * Pull counts of the image behind {@code box}'s latest tag, its container and its collection (a
     * collection of its own: all its pulls are this week's).
     */
    private void assertCounts(Pushed box, long image, long container, long collection) {
        JsonObject img = admin.get("v1/images/" + box.ref("latest") + "?arch=amd64").expect(200).data();
        assertThat(img.getJsonNumber("downloadCount").longValue()).as("image downloads").isEqualTo(image);
        String base = "api/collections/" + box.entity() + "/" + box.collection();
        assertThat(admin.get(base + "/containers/" + box.container() + "/limits").expect(200).data()
                .getJsonNumber("downloadCount").longValue()).as("container downloads").isEqualTo(container);
        JsonObject col = admin.get(base + "/limits").expect(200).data();
        assertThat(col.getJsonNumber("downloadCount").longValue()).as("collection downloads").isEqualTo(collection);
        assertThat(col.getJsonNumber("weekPulls").longValue()).as("collection pulls this week").isEqualTo(collection);
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
