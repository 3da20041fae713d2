package org.sregistry.it.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import java.io.ByteArrayInputStream;
import java.net.URL;
import java.net.http.HttpRequest.BodyPublishers;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.LibraryClient.Pushed;
import org.sregistry.it.TestImages;

/**
 * Requests that are wrong or that race: missing and wrong tokens, broken and oversized JSON,
 * unknown paths, unsatisfiable ranges, tampered signed URLs, concurrent creates and tag writes,
 * frozen tags. Every refusal carries the library's error envelope.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class RequestFaultsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient api;
    ApiClient anonymous;
    LibraryClient library;

    @BeforeEach
    void connect() {
        api = ApiClient.of(deployed, ApiClient.adminToken());
        anonymous = api.anonymous();
        library = new LibraryClient(api);
    }

    private static void assertEnvelope(ApiClient.Reply reply, int status, String messagePart) {
        assertThat(reply.status()).as(reply.describe()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.describe()).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        assertThat(reply.error().getInt("code")).isEqualTo(status);
        assertThat(reply.errorMessage()).as(reply.describe()).containsIgnoringCase(messagePart);
    }

    // ---- paths and methods -----------------------------------------------------------------------

    @Test
    void unknownPathsAnswer404InTheEnvelope() {
        assertEnvelope(anonymous.get("v1/nothing"), 404, "not found");
        assertEnvelope(anonymous.get("v9/images/a/b/c:latest"), 404, "not found");
        assertEnvelope(api.get("v1/entities/" + unique("none")), 404, "not found");
        assertEnvelope(api.get("v1/imagefile/" + unique("none") + "/coll/box:latest?arch=amd64"), 404, "not found");
        assertEnvelope(anonymous.delete("version"), 405, "method not allowed");
    }

    @Test
    void invalidNamesAndRefsAre400() {
        assertEnvelope(api.get("v1/entities/Upper_Case"), 400, "entity name");
        assertEnvelope(api.get("v1/images/a/b/c/d:latest?arch=amd64"), 400, "invalid image reference");
        assertEnvelope(api.get("v1/images/a/b/c:sha256.nothex?arch=amd64"), 400, "sha256");
        assertEnvelope(api.get("v1/images/a/b/c:latest?arch=AMD%2064"), 400, "architecture");
        assertEnvelope(api.postJson("v1/entities", LibraryClient.entityJson("Not Valid")), 400, "entity name");
        String entityId = library.entity(unique("ent"));
        assertEnvelope(api.postJson("v1/collections", LibraryClient.collectionJson("a..b", entityId, false)), 400,
                "collection name");
        assertEnvelope(api.postJson("v1/images", LibraryClient.imageJson("md5.abc", "whatever")), 400, "sha256");
    }

    // ---- JSON bodies -----------------------------------------------------------------------------

    @Test
    void malformedJsonIs400WithTheParserMessage() {
        assertEnvelope(api.postJson("v1/entities", "{\"name\":"), 400, "malformed JSON");
        assertEnvelope(api.postJson("v1/entities", "not json at all"), 400, "malformed JSON");
        assertEnvelope(api.postJson("v1/images", "[1,2,3]"), 400, "JSON");
        Pushed pushed = library.pushNew(unique("ent"), 1000);
        assertEnvelope(api.postJson("v2/tags/" + pushed.containerId(), "{\"Arch\":\"amd64\",\"Tag\":"), 400,
                "malformed JSON");
        assertEnvelope(api.postJson("v2/tags/" + pushed.containerId(), "{\"Arch\":\"amd64\"}"), 400, "Tag");
        assertEnvelope(api.postJson("v1/entities", "{}"), 400, "name");
    }

    @Test
    void anEmptyBodyWhereJsonIsExpectedIs400() {
        assertEnvelope(api.send("POST", "v1/entities", BodyPublishers.noBody()), 400, "JSON");
    }

    @Test
    void jsonBodiesOverOneMebibyteAre413() {
        String entity = unique("ent");
        String huge = LibraryClient.entityJson(entity).replace("\"No description\"",
                "\"" + "x".repeat(1024 * 1024) + "\"");

        assertEnvelope(api.postJson("v1/entities", huge), 413, "too large");
        // without Content-Length (chunked): the limit applies while reading
        assertEnvelope(api.send("POST", "v1/entities", BodyPublishers.ofInputStream(
                () -> new ByteArrayInputStream(huge.getBytes()))), 413, "too large");
        api.get("v1/entities/" + entity).expect(404);
        library.entity(entity);
    }

    // ---- authentication --------------------------------------------------------------------------

    @Test
    void pushStepsWithoutATokenAre401() {
        Pushed pushed = library.pushNew(unique("ent"), 2000);
        String collectionId = api.get("v1/collections/" + pushed.entity() + "/" + pushed.collection()).expect(200).data()
                .getString("id");
        String entityId = api.get("v1/entities/" + pushed.entity()).expect(200).data().getString("id");
        byte[] bytes = sif(3000);
        String imageId = library.announce(pushed.path(), pushed.containerId(), bytes, "amd64").getString("id");

        List<ApiClient.Reply> refused = List.of(
                anonymous.postJson("v1/entities", LibraryClient.entityJson(unique("ent"))),
                anonymous.postJson("v1/collections", LibraryClient.collectionJson(unique("coll"), entityId, false)),
                anonymous.postJson("v1/containers", LibraryClient.containerJson(unique("ctr"), collectionId)),
                anonymous.postJson("v1/images", LibraryClient.imageJson(TestImages.hashRef(sif(10)), pushed.containerId())),
                anonymous.postJson("v2/imagefile/" + imageId, LibraryClient.uploadJson(bytes)),
                anonymous.postJson("v2/imagefile/" + imageId + "/_multipart", "{\"filesize\":3000}"),
                anonymous.putJson("v2/imagefile/" + imageId + "/_complete", "{}"),
                anonymous.send("POST", "v1/imagefile/" + imageId, BodyPublishers.ofByteArray(bytes)),
                anonymous.postJson("v2/tags/" + pushed.containerId(), LibraryClient.archTagJson("amd64", "x", pushed.imageId())),
                anonymous.postJson("v1/tags/" + pushed.containerId(), LibraryClient.tagJson("x", pushed.imageId())),
                anonymous.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64"));
        assertThat(refused).allSatisfy(reply -> assertEnvelope(reply, 401, "authentication required"));

        assertThat(library.pull(pushed.ref("latest"), "amd64")).isEqualTo(pushed.bytes());
        assertThat(api.get("v2/tags/" + pushed.containerId()).expect(200).data().getJsonObject("amd64"))
                .containsOnlyKeys("latest");
    }

    @Test
    void aWrongTokenIs401EvenWhereAnonymousCallersMayRead() {
        Pushed pushed = library.pushNew(unique("ent"), 2000);
        ApiClient wrong = api.withToken("not-the-token");

        for (ApiClient.Reply reply : List.of(
                wrong.get("version"),
                wrong.get("v1/images/" + pushed.ref("latest") + "?arch=amd64"),
                wrong.get("v1/imagefile/" + pushed.ref("latest") + "?arch=amd64"),
                wrong.postJson("v1/entities", LibraryClient.entityJson(unique("ent"))),
                wrong.postJson("v2/tags/" + pushed.containerId(), LibraryClient.archTagJson("amd64", "x", pushed.imageId())),
                wrong.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64"))) {
            assertEnvelope(reply, 401, "not valid");
            assertThat(reply.header("WWW-Authenticate")).as(reply.describe()).hasValueSatisfying(
                    h -> assertThat(h).startsWithIgnoringCase("Bearer"));
        }
        assertEnvelope(anonymous.get("version", "Authorization", "Basic YWRtaW46YWRtaW4="), 401, "Bearer");
        assertThat(library.pull(pushed.ref("latest"), "amd64")).isEqualTo(pushed.bytes());
    }

    @Test
    void theBearerSchemeIsReadInAnyCase() {
        for (String scheme : List.of("BEARER", "Bearer", "bearer")) {
            assertThat(anonymous.get("v1/token-status", "Authorization", scheme + " " + ApiClient.adminToken()).status())
                    .as(scheme).isEqualTo(200);
        }
    }

    // ---- ranges and signed URLs ------------------------------------------------------------------

    @Test
    void rangesAreServedExactlyAndBeyondTheEndAre416() {
        Pushed pushed = library.pushNew(unique("ent"), 10_000);
        byte[] bytes = pushed.bytes();
        int total = bytes.length;
        String location = library.downloadUrl(pushed.ref("latest"), "amd64");

        ApiClient.Reply beyond = api.transfer("GET", location, null, "Range", "bytes=" + total + "-");
        assertEnvelope(beyond, 416, "not satisfiable");
        assertThat(beyond.header("Content-Range")).hasValue("bytes */" + total);
        assertEnvelope(api.transfer("GET", location, null, "Range", "bytes=" + (total + 10) + "-" + (total + 20)), 416,
                "not satisfiable");

        ApiClient.Reply suffix = api.transfer("GET", location, null, "Range", "bytes=-100").expect(206);
        assertThat(suffix.header("Content-Range")).hasValue("bytes " + (total - 100) + "-" + (total - 1) + "/" + total);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(bytes, total - 100, total));

        ApiClient.Reply open = api.transfer("GET", location, null, "Range", "bytes=9000-").expect(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(bytes, 9000, total));

        ApiClient.Reply clipped = api.transfer("GET", location, null, "Range", "bytes=5000-" + (total + 5000)).expect(206);
        assertThat(clipped.header("Content-Range")).hasValue("bytes 5000-" + (total - 1) + "/" + total);
        assertThat(clipped.body()).isEqualTo(Arrays.copyOfRange(bytes, 5000, total));

        ApiClient.Reply last = api.transfer("GET", location, null, "Range", "bytes=" + (total - 1) + "-" + (total - 1))
                .expect(206);
        assertThat(last.body()).containsExactly(bytes[total - 1]);
    }

    @Test
    void signedUrlsWorkOnlyAsIssued() {
        Pushed pushed = library.pushNew(unique("ent"), 3000);
        String location = library.downloadUrl(pushed.ref("latest"), "amd64");
        Pushed other = library.pushNew(pushed.entity(), 3000);
        String otherLocation = library.downloadUrl(other.ref("latest"), "amd64");

        String signature = location.substring(location.indexOf("signature=") + "signature=".length());
        String tampered = location.substring(0, location.length() - 2)
                + (location.endsWith("AA") ? "BB" : "AA");
        assertThat(api.transfer("GET", tampered, null).status()).isEqualTo(403);
        assertThat(api.transfer("GET", location.substring(0, location.indexOf('?')), null).status()).isEqualTo(403);
        String swapped = otherLocation.substring(0, otherLocation.indexOf("signature=")) + "signature=" + signature;
        assertThat(api.transfer("GET", swapped, null).status()).isEqualTo(403);
        String longer = location.replaceFirst("expires=(\\d+)", "expires=9$1");
        assertEnvelope(api.transfer("GET", longer, null), 403, "");

        byte[] bytes = sif(2000);
        String imageId = library.announce(pushed.path(), pushed.containerId(), bytes, "amd64").getString("id");
        String upload = library.startUpload(imageId, bytes);
        String badUpload = upload.replaceFirst("signature=[^&]+", "signature=" + signature);
        assertThat(library.putBytes(badUpload, bytes).status()).isEqualTo(403);
        library.putBytes(upload, bytes).expect(200);
        library.complete(imageId);

        assertThat(api.transfer("GET", location, null).expect(200).body()).isEqualTo(pushed.bytes());
    }

    // ---- races -----------------------------------------------------------------------------------

    private static <T> List<T> race(int threads, Callable<T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                try {
                    results.add(f.get(120, TimeUnit.SECONDS));
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AssertionError failed) {
                        throw failed;
                    }
                    throw e;
                }
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentTagWritesAllSucceedAndTheTagPointsAtOneOfTheImages() throws Exception {
        String entity = unique("ent");
        List<Pushed> images = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            images.add(library.push(entity, "coll", "raced", sif(1500 + i), "amd64", "img" + i));
        }
        String containerId = images.get(0).containerId();
        Set<String> ids = images.stream().map(Pushed::imageId).collect(Collectors.toSet());

        for (int round = 0; round < 3; round++) {
            AtomicInteger next = new AtomicInteger();
            List<ApiClient.Reply> replies = race(8, () -> api.postJson("v2/tags/" + containerId,
                    LibraryClient.archTagJson("amd64", "race", images.get(next.getAndIncrement()).imageId())));
            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.describe()).isEqualTo(200));

            String winner = api.get("v2/tags/" + containerId).expect(200).data().getJsonObject("amd64").getString("race");
            assertThat(ids).contains(winner);
            Pushed won = images.stream().filter(p -> p.imageId().equals(winner)).findFirst().orElseThrow();
            assertThat(api.get("v1/images/" + won.ref("race") + "?arch=amd64").expect(200).data().getString("id"))
                    .isEqualTo(winner);
            assertThat(library.pull(won.ref("race"), "amd64")).isEqualTo(won.bytes());
        }
    }

    /** Several rounds, each on new names: a lost race shows only now and then. */
    @Test
    void concurrentFirstPushesShareOneEntityCollectionAndContainer() throws Exception {
        for (int round = 0; round < 3; round++) {
            String entity = unique("ent");
            String container = unique("ctr");

            List<LibraryClient.ContainerIds> ids = race(6, () -> library.ensureContainer(entity, "coll", container));

            assertThat(ids).allSatisfy(i -> assertThat(i).isEqualTo(ids.get(0)));
            api.get("v1/containers/" + entity + "/coll/" + container).expect(200);
        }
    }

    @Test
    void concurrentEntityCreatesAnswerTheSameEntity() throws Exception {
        for (int round = 0; round < 5; round++) {
            String entity = unique("ent");

            List<ApiClient.Reply> replies = race(8, () -> api.postJson("v1/entities", LibraryClient.entityJson(entity)));

            assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.describe()).isEqualTo(200));
            assertThat(replies.stream().map(r -> r.data().getString("id")).distinct()).hasSize(1);
        }
    }

    @Test
    void concurrentAnnouncesOfTheSameBytesShareOneImage() throws Exception {
        LibraryClient.ContainerIds ctr = library.ensureContainer(unique("ent"), "coll", "box");
        byte[] bytes = sif(4000);

        List<ApiClient.Reply> replies = race(6, () -> api.postJson("v1/images",
                LibraryClient.imageJson(TestImages.hashRef(bytes), ctr.containerId())));

        assertThat(replies).allSatisfy(reply -> assertThat(reply.status()).as(reply.describe()).isEqualTo(200));
        assertThat(replies.stream().map(r -> r.data().getString("id")).distinct()).hasSize(1);
    }

    // ---- frozen tags (admin API) -----------------------------------------------------------------

    @Test
    void aFrozenTagRefusesPushesWith409() {
        Pushed frozen = library.pushNew(unique("ent"), 2500, "stable");
        ApiClient.Reply freeze = api.send("PUT", "api/admin/containers/" + frozen.path() + "/tags/stable",
                BodyPublishers.ofString("{\"arch\":\"amd64\",\"frozen\":true}"), "Content-Type", "application/json");
        Assumptions.assumeTrue(freeze.status() != 404 && freeze.status() != 405,
                "no admin API to freeze tags yet: " + freeze.describe());
        assertThat(freeze.expect(200).data().getBoolean("frozen")).isTrue();

        Pushed next = library.push(frozen.entity(), frozen.collection(), frozen.container(), sif(2600), "amd64", "other");
        ApiClient.Reply moved = api.postJson("v2/tags/" + frozen.containerId(),
                LibraryClient.archTagJson("amd64", "stable", next.imageId()));
        assertThat(moved.status()).as("after " + freeze.describe() + ": " + moved.describe()).isEqualTo(409);
        assertEnvelope(moved, 409, "frozen");
        assertEnvelope(api.delete("v1/images/" + frozen.ref("stable") + "?arch=amd64"), 409, "frozen");
        assertThat(library.pull(frozen.ref("stable"), "amd64")).isEqualTo(frozen.bytes());
    }
}
