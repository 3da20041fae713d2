package org.sregistry.it.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.sha256;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
import org.sregistry.it.TestImages;

/**
 * The library API as {@code apptainer push/pull/search/delete library://} speaks it, request by
 * request (shared/docs/library-api.md), against the application deployed on Payara Micro.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class LibraryApiIT {

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

    // ---- discovery, version, token ---------------------------------------------------------------

    @Test
    void versionAnnouncesAnApiVersionThatEnablesV2UploadsAndArchTags() {
        JsonObject version = anonymous.get("version").expect(200).data();

        String apiVersion = version.getString("apiVersion");
        assertThat(apiVersion).as("full semver, else the client falls back to legacy uploads")
                .matches("\\d+\\.\\d+\\.\\d+(-[0-9A-Za-z.]+)?");
        assertThat(Integer.parseInt(apiVersion.substring(0, apiVersion.indexOf('.')))).isGreaterThanOrEqualTo(2);
        assertThat(version.getString("version")).as("the build's version, from registry-ejb's manifest")
                .matches("\\d+\\.\\d+\\.\\d+.*");
    }

    @Test
    void discoveryFileNamesEveryServiceByAnAbsoluteUri() {
        ApiClient.Reply reply = anonymous.get("assets/config/config.prod.json").expect(200);
        JsonObject config = reply.json();

        for (String service : List.of("libraryAPI", "tokenAPI", "keystoreAPI")) {
            URI uri = URI.create(config.getJsonObject(service).getString("uri"));
            assertThat(uri.isAbsolute()).as(service + " " + uri).isTrue();
            assertThat(uri.getScheme()).isEqualTo("http");
            assertThat(uri.getPort()).isEqualTo(api.base().getPort());
        }
        String library = config.getJsonObject("libraryAPI").getString("uri");
        assertThat(anonymous.get(library + "/version").expect(200).data().getString("apiVersion")).isNotEmpty();
    }

    @Test
    void tokenStatusIs200ForAValidTokenAnd404OtherwiseAsTheCliExpects() {
        JsonObject valid = api.get("v1/token-status", "Authorization", "Bearer " + ApiClient.adminToken()).expect(200).data();
        assertThat(valid.getString("status")).isEqualTo("valid");
        assertThat(valid.getString("username")).isEqualTo("admin");

        ApiClient.Reply invalid = anonymous.get("v1/token-status", "Authorization", "Bearer not-a-token").expect(404);
        assertThat(invalid.error().getInt("code")).isEqualTo(404);
        assertThat(invalid.errorMessage()).contains("not valid");

        assertThat(anonymous.get("v1/token-status").expect(404).errorMessage()).contains("no token");
    }

    // ---- entity, collection, container -----------------------------------------------------------

    @Test
    void pushCreatesEntityCollectionAndContainerFromGoZeroValuedBodies() {
        String entity = unique("ent");
        String collection = unique("coll");
        String container = unique("ctr");

        assertThat(api.get("v1/entities/" + entity).expect(404).errorMessage()).contains(entity);
        JsonObject created = api.postJson("v1/entities", LibraryClient.entityJson(entity)).expect(200).data();
        String entityId = created.getString("id");
        assertThat(entityId).isNotEmpty();
        assertThat(created.getString("name")).isEqualTo(entity);
        assertThat(api.get("v1/entities/" + entity).expect(200).data().getString("id")).isEqualTo(entityId);
        // two first pushes race to create the entity: the second create answers the same one
        assertThat(api.postJson("v1/entities", LibraryClient.entityJson(entity)).expect(200).data().getString("id"))
                .isEqualTo(entityId);

        api.get("v1/collections/" + entity + "/" + collection).expect(404);
        JsonObject coll = api.postJson("v1/collections", LibraryClient.collectionJson(collection, entityId, false))
                .expect(200).data();
        String collectionId = coll.getString("id");
        assertThat(coll.getString("entity")).isEqualTo(entityId);
        assertThat(coll.getString("entityName")).isEqualTo(entity);
        assertThat(api.get("v1/collections/" + entity + "/" + collection).expect(200).data().getString("id"))
                .isEqualTo(collectionId);

        api.get("v1/containers/" + entity + "/" + collection + "/" + container).expect(404);
        JsonObject ctr = api.postJson("v1/containers", LibraryClient.containerJson(container, collectionId))
                .expect(200).data();
        assertThat(ctr.getString("collection")).isEqualTo(collectionId);
        JsonObject found = api.get("v1/containers/" + entity + "/" + collection + "/" + container).expect(200).data();
        assertThat(found.getString("id")).isEqualTo(ctr.getString("id"));
        assertThat(found.getString("entityName")).isEqualTo(entity);
        assertThat(found.getString("collectionName")).isEqualTo(collection);
        assertThat(found.getJsonArray("images")).isEmpty();

        assertThat(api.get("v1/entities/" + entity).expect(200).data().getJsonArray("collections"))
                .extracting(v -> ((JsonString) v).getString()).containsExactly(collectionId);
    }

    @Test
    void privateCollectionIsInvisibleToAnonymousCallers() {
        String entity = unique("ent");
        String collection = unique("priv");
        String entityId = library.entity(entity);
        JsonObject coll = api.postJson("v1/collections", LibraryClient.collectionJson(collection, entityId, true))
                .expect(200).data();
        assertThat(coll.getBoolean("private")).isTrue();
        String containerId = library.container(entity, collection, coll.getString("id"), "box");
        byte[] bytes = sif(4096);
        String imageId = library.announce(entity + "/" + collection + "/box", containerId, bytes, "amd64").getString("id");
        library.uploadV2(imageId, bytes);
        library.tag(containerId, "amd64", "latest", imageId);

        assertThat(anonymous.get("v1/collections/" + entity + "/" + collection).expect(404).errorMessage())
                .contains("not found");
        anonymous.get("v1/containers/" + entity + "/" + collection + "/box").expect(404);
        anonymous.get("v1/images/" + entity + "/" + collection + "/box:latest?arch=amd64").expect(404);
        anonymous.get("v1/imagefile/" + entity + "/" + collection + "/box:latest?arch=amd64").expect(404);
        assertThat(library.pull(entity + "/" + collection + "/box:latest", "amd64")).isEqualTo(bytes);
    }

    // ---- push (v2) and pull ----------------------------------------------------------------------

    @Test
    void v2PushThenConcurrentStylePullRoundTripsTheBytes() {
        String entity = unique("ent");
        String container = unique("ctr");
        String path = entity + "/coll/" + container;
        byte[] bytes = sif(300_000);
        LibraryClient.ContainerIds ids = library.ensureContainer(entity, "coll", container);

        api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes) + "?arch=amd64").expect(404);
        JsonObject announced = api.postJson("v1/images", LibraryClient.imageJson(TestImages.hashRef(bytes),
                ids.containerId())).expect(200).data();
        String imageId = announced.getString("id");
        assertThat(announced.getBoolean("uploaded")).isFalse();
        assertThat(announced.getString("hash")).isEqualTo(TestImages.hashRef(bytes));

        String uploadUrl = library.startUpload(imageId, bytes);
        ApiClient.Reply put = library.putBytes(uploadUrl, bytes).expect(200);
        assertThat(put.header("ETag")).isPresent();
        JsonObject completed = library.complete(imageId);
        assertThat(completed.getJsonObject("quota").getJsonNumber("quotaTotal").longValue()).isZero();
        assertThat(completed.getJsonObject("quota").getJsonNumber("quotaUsage").longValue())
                .isGreaterThanOrEqualTo(bytes.length);
        assertThat(URI.create(completed.getString("containerUrl")).isAbsolute()).isTrue();
        assertThat(completed.getString("containerUrl")).endsWith(path);

        assertThat(api.get("v2/tags/" + ids.containerId()).expect(200).json().get("data"))
                .isIn(JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT);
        api.postJson("v2/tags/" + ids.containerId(), LibraryClient.archTagJson("amd64", "latest", imageId)).expect(200);
        api.postJson("v2/tags/" + ids.containerId(), LibraryClient.archTagJson("amd64", "v1", imageId)).expect(200);
        JsonObject archTags = api.get("v2/tags/" + ids.containerId()).expect(200).data();
        assertThat(archTags.getJsonObject("amd64").getString("latest")).isEqualTo(imageId);
        assertThat(archTags.getJsonObject("amd64").getString("v1")).isEqualTo(imageId);

        // apptainer pull: I1, then D1 without following redirects, probe, then ranged parts
        JsonObject image = api.get("v1/images/" + path + ":latest?arch=amd64").expect(200).data();
        assertThat(image.getString("id")).isEqualTo(imageId);
        assertThat(image.getBoolean("uploaded")).isTrue();
        assertThat(image.getString("arch")).isEqualTo("amd64");
        assertThat(image.getJsonNumber("size").longValue()).isEqualTo(bytes.length);
        assertThat(image.getJsonArray("tags")).extracting(v -> ((JsonString) v).getString())
                .containsExactlyInAnyOrder("latest", "v1");
        assertThat(image.getString("entityName")).isEqualTo(entity);
        assertThat(image.getString("collectionName")).isEqualTo("coll");
        assertThat(image.getString("containerName")).isEqualTo(container);

        String location = library.downloadUrl(path + ":latest", "amd64");
        ApiClient.Reply probe = api.transfer("GET", location, null, "Range", "bytes=0-1024").expect(206);
        assertThat(probe.header("Content-Range")).hasValue("bytes 0-1024/" + bytes.length);
        assertThat(probe.body()).isEqualTo(Arrays.copyOfRange(bytes, 0, 1025));

        byte[] assembled = new byte[bytes.length];
        int partSize = 100_000;
        for (int start = 0; start < bytes.length; start += partSize) {
            int end = Math.min(start + partSize, bytes.length) - 1;
            ApiClient.Reply part = api.transfer("GET", location, null, "Range", "bytes=" + start + "-" + end).expect(206);
            assertThat(part.header("Content-Range")).hasValue("bytes " + start + "-" + end + "/" + bytes.length);
            System.arraycopy(part.body(), 0, assembled, start, part.body().length);
            assertThat(part.body()).hasSize(end - start + 1);
        }
        assertThat(sha256(assembled)).isEqualTo(sha256(bytes));

        ApiClient.Reply whole = api.transfer("GET", location, null).expect(200);
        assertThat(whole.body()).isEqualTo(bytes);
        assertThat(whole.header("Content-Length")).hasValue(String.valueOf(bytes.length));
    }

    @Test
    void imagesAreFoundByTagAndByHashAndOnlyOnceUploaded() {
        String entity = unique("ent");
        byte[] bytes = sif(20_000);
        LibraryClient.ContainerIds ids = library.ensureContainer(entity, "coll", "box");
        String path = entity + "/coll/box";
        String imageId = library.announce(path, ids.containerId(), bytes, "amd64").getString("id");

        JsonObject pending = api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes) + "?arch=").expect(200).data();
        assertThat(pending.getBoolean("uploaded")).isFalse();
        assertThat(api.get("v1/containers/" + path).expect(200).data().getJsonArray("images")).isEmpty();
        assertThat(api.get("v1/imagefile/" + path + ":" + TestImages.hashRef(bytes)).expect(404).errorMessage())
                .contains("not been uploaded");
        assertThat(api.postJson("v2/tags/" + ids.containerId(), LibraryClient.archTagJson("amd64", "latest", imageId))
                .status()).as("tagging an image that has no bytes yet").isNotEqualTo(200);

        library.uploadV2(imageId, bytes);
        library.tag(ids.containerId(), "amd64", "latest", imageId);

        JsonObject byHash = api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes) + "?arch=amd64").expect(200).data();
        JsonObject byTag = api.get("v1/images/" + path + ":latest?arch=amd64").expect(200).data();
        JsonObject byDefaultTag = api.get("v1/images/" + path + "?arch=amd64").expect(200).data();
        assertThat(List.of(byHash, byTag, byDefaultTag)).allSatisfy(image -> {
            assertThat(image.getString("id")).isEqualTo(imageId);
            assertThat(image.getBoolean("uploaded")).isTrue();
        });
        assertThat(api.get("v1/containers/" + path).expect(200).data().getJsonArray("images"))
                .extracting(v -> ((JsonString) v).getString()).containsExactly(imageId);
        assertThat(library.pull(path + ":" + TestImages.hashRef(bytes), "amd64")).isEqualTo(bytes);

        assertThat(api.get("v1/images/" + path + ":nosuchtag?arch=amd64").expect(404).errorMessage()).contains("nosuchtag");
        api.get("v1/images/" + path + ":latest?arch=arm64").expect(404);
    }

    /**
     * {@code GET /version} and {@code GET /v1/images/…} are answered by a filter in front of JAX-RS
     * (HotReads) when the request is plain; an encoded ref or an Accept that refuses a type goes to
     * the JAX-RS resources. Both must give the same bytes.
     */
    @Test
    void theReadsAnsweredBeforeJaxRsAreTheBytesJaxRsAnswers() {
        byte[] bytes = sif(12_000);
        Pushed pushed = library.push(unique("ent"), "coll", "box", bytes, "amd64");
        String path = pushed.path();
        String imageId = pushed.imageId();
        String[] jaxRsOnly = {"Accept", "application/json, text/plain;q=0"};
        double direct = directReads();

        for (String ref : List.of(path + ":latest?arch=amd64", path + ":" + TestImages.hashRef(bytes), path)) {
            ApiClient.Reply hot = api.get("v1/images/" + ref).expect(200);
            ApiClient.Reply encoded = api.get("v1/images/" + ref.replaceFirst("/box", "/bo%78")).expect(200);
            ApiClient.Reply negotiated = api.get("v1/images/" + ref, jaxRsOnly).expect(200);
            assertThat(hot.data().getString("id")).isEqualTo(imageId);
            assertThat(new String(hot.body(), StandardCharsets.UTF_8)).as(ref)
                    .isEqualTo(new String(encoded.body(), StandardCharsets.UTF_8))
                    .isEqualTo(new String(negotiated.body(), StandardCharsets.UTF_8));
            assertThat(hot.header("Content-Type")).isEqualTo(negotiated.header("Content-Type")).hasValue("application/json");
        }
        assertThat(directReads()).as("answered in front of JAX-RS: the plain GETs only").isEqualTo(direct + 3);
        ApiClient.Reply version = anonymous.get("version").expect(200);
        assertThat(version.body()).isEqualTo(anonymous.get("version", jaxRsOnly).expect(200).body());
        assertThat(version.header("Content-Length")).hasValue(String.valueOf(version.body().length));

        // what the filter does not answer is JAX-RS's, in the API's error shape
        assertThat(anonymous.get("v1/images/" + path + ":latest?arch=amd64", "Accept", "text/html").status()).isEqualTo(406);
        assertThat(api.get("v1/images/" + path + ":nosuchtag?arch=amd64").expect(404).errorMessage()).contains("nosuchtag");
        assertThat(api.get("v1/images/" + path + ":latest?arch=AMD%2064").expect(400).errorMessage()).contains("architecture");
        assertThat(directReads()).isEqualTo(direct + 4);

        // searches: plain ASCII queries in front of JAX-RS, the same bytes as JAX-RS's
        direct = directReads();
        for (String query : List.of("value=box", "value=" + path.substring(0, 8) + "&arch=amd64", "value=b%6Fx&signed=false")) {
            ApiClient.Reply hot = api.get("v1/search?" + query).expect(200);
            ApiClient.Reply negotiated = api.get("v1/search?" + query, jaxRsOnly).expect(200);
            assertThat(new String(hot.body(), StandardCharsets.UTF_8)).as(query)
                    .isEqualTo(new String(negotiated.body(), StandardCharsets.UTF_8));
            assertThat(hot.header("Content-Type")).isEqualTo(negotiated.header("Content-Type")).hasValue("application/json");
        }
        assertThat(directReads()).isEqualTo(direct + 3);
        // JAX-RS answers what it decodes otherwise (UTF-8 escapes, +) and what it refuses
        assertThat(api.get("v1/search?value=%C3%BC" + unique("x")).expect(200).data().getJsonArray("image")).isEmpty();
        assertThat(api.get("v1/search?value=box+" + unique("x")).expect(200).data().getJsonArray("image")).isEmpty();
        assertThat(api.get("v1/search?value=").expect(400).errorMessage()).contains("value");
        assertThat(api.get("v1/search?value=" + "x".repeat(257)).expect(400).errorMessage()).contains("too long");
        assertThat(directReads()).isEqualTo(direct + 3);
    }

    @Test
    void anonymousAndTokenRequestsAreDecidedAheadOfTheBridgeWithTheMechanismsAnswers() {
        byte[] bytes = sif(9_000);
        Pushed pushed = library.push(unique("ent"), "coll", "box", bytes, "amd64");
        String image = "v1/images/" + pushed.path() + ":latest?arch=amd64";
        // every counter() read carries the token: it is a token request too, and counts itself
        double anonymousBefore = counter("registry_requests_anonymous_total");

        // without credentials: anonymous, with the same answers as the mechanism's
        assertThat(anonymous.get("version").expect(200).data().getString("apiVersion")).isEqualTo("2.0.0");
        assertThat(anonymous.get(image).expect(200).data().getString("id")).isEqualTo(pushed.imageId());
        assertThat(anonymous.get("v1/token-status").expect(404).errorMessage()).isEqualTo("no token presented");
        assertThat(anonymous.postJson("v1/containers", "{}").status()).isEqualTo(401);
        assertThat(counter("registry_requests_anonymous_total")).isEqualTo(anonymousBefore + 4);

        // with a token, valid or not: decided by the mechanism's own code, with its answers
        double bearerBefore = counter("registry_requests_bearer_total");
        assertThat(api.get("v1/token-status").expect(200).data().getString("status")).isEqualTo("valid");
        assertThat(api.get(image).expect(200).data().getString("id")).isEqualTo(pushed.imageId());
        assertThat(api.withToken("not-a-token").get(image).expect(401).errorMessage()).contains("not valid");
        assertThat(api.withToken("not-a-token").get("v1/token-status").expect(404).errorMessage()).contains("not valid");
        // the container knows the token's caller: the push above, by the admin's token, is audited under its name
        JsonObject audit = api.get("api/admin/audit?action=PUSH&actor=admin&limit=50").expect(200).json();
        assertThat(audit.getJsonArray("data").getValuesAs(JsonObject.class))
                .anySatisfy(line -> assertThat(line.getString("target")).isEqualTo(pushed.path()));
        // the console's pages still go to the mechanism: neither counter moves
        assertThat(anonymous.get("console/login.xhtml").status()).isEqualTo(200);
        assertThat(counter("registry_requests_bearer_total")).as("5 token requests and this read")
                .isEqualTo(bearerBefore + 6);
        assertThat(counter("registry_requests_anonymous_total")).isEqualTo(anonymousBefore + 4);
    }

    /**
     * The image JSON of a public image is kept for the next read, whoever asks (of a private one, for
     * its caller only), and never outlives a change: a tag moved by a push, a tag added, a collection
     * made private, the image deleted. Each step reads right after the change, well within the first
     * 1.5 s of the answers' 2 s (in their last quarter one read renews them, and is not counted as kept).
     */
    @Test
    void keptImageAnswersNeverOutliveACatalogChange() throws Exception {
        String entity = unique("ent");
        Pushed one = library.push(entity, "coll", "box", sif(5000), "amd64", "latest");
        String image = "v1/images/" + one.ref("latest") + "?arch=amd64";
        generationSeen();
        double kept = counter("registry_reads_kept_total");
        byte[] first = api.get(image).expect(200).body();
        assertThat(anonymous.get(image).expect(200).body()).as("the same answer for anyone").isEqualTo(first);
        assertThat(api.get(image).expect(200).body()).isEqualTo(first);
        assertThat(counter("registry_reads_kept_total")).as("the reads after the first").isEqualTo(kept + 2);

        // a push moves the tag: the next read shows the new image
        Pushed two = library.push(entity, "coll", "box", sif(6000), "amd64", "latest");
        assertThat(anonymous.get(image).expect(200).data().getString("id")).isEqualTo(two.imageId());
        assertThat(api.get("v1/images/" + one.path() + ":" + one.hashRef()).expect(200).data().getJsonArray("tags"))
                .as("the old image lost its tag").isEmpty();

        // another tag for the same image: its tags show it
        api.get(image).expect(200);
        library.tag(two.containerId(), "amd64", "stable", two.imageId());
        assertThat(api.get(image).expect(200).data().getJsonArray("tags").getValuesAs(JsonString::getString))
                .containsExactlyInAnyOrder("latest", "stable");

        // the collection made private: anonymous callers get nothing; the answer is kept for its caller only
        anonymous.get(image).expect(200);
        api.putJson("api/collections/" + entity + "/coll", "{\"private\":true}").expect(200);
        assertThat(anonymous.get(image).expect(404).errorMessage()).contains("not found");
        generationSeen();
        double keptBefore = counter("registry_reads_kept_total");
        assertThat(api.get(image).expect(200).data().getString("id")).isEqualTo(two.imageId());
        assertThat(api.get(image).expect(200).data().getString("id")).isEqualTo(two.imageId());
        assertThat(counter("registry_reads_kept_total")).as("the admin's second read").isEqualTo(keptBefore + 1);
        assertThat(anonymous.get(image).expect(404).errorMessage()).contains("not found");

        // public again; the image deleted: gone at once
        api.putJson("api/collections/" + entity + "/coll", "{\"private\":false}").expect(200);
        anonymous.get(image).expect(200);
        api.delete("v1/images/" + one.path() + ":" + two.hashRef() + "?arch=amd64").expect(200);
        anonymous.get(image).expect(404);
    }

    /**
     * Waits until the node has read back the catalog generation its last change published (it
     * reads it at most once a second): until then, an answer kept after that change may end when
     * the node reads it, as an answer about a change on another node would.
     */
    private static void generationSeen() throws InterruptedException {
        Thread.sleep(1_100);
    }

    /** {@code registry_reads_direct_total}: reads answered in front of JAX-RS (HotReads), 0 before the first. */
    private double directReads() {
        return counter("registry_reads_direct_total");
    }

    /**
     * A counter of the application's metrics, 0 before it is first counted. Read with a token: on
     * Payara Micro the metrics pass the application's authentication too, and an anonymous read
     * would count itself.
     */
    private double counter(String name) {
        Matcher m = Pattern.compile("(?m)^" + name + "\\{[^}]*\\} (\\S+)$")
                .matcher(api.get("metrics?scope=application").expect(200).text());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void rePushOfTheSameBytesFindsTheUploadedImageAndOnlyRetags() {
        String entity = unique("ent");
        Pushed first = library.pushNew(entity, 10_000);

        JsonObject again = library.announce(first.path(), first.containerId(), first.bytes(), "amd64");
        assertThat(again.getString("id")).isEqualTo(first.imageId());
        assertThat(again.getBoolean("uploaded")).as("the client skips the upload").isTrue();
        library.tag(first.containerId(), "amd64", "again", first.imageId());

        assertThat(api.get("v1/images/" + first.ref("again") + "?arch=amd64").expect(200).data().getString("id"))
                .isEqualTo(first.imageId());
        assertThat(library.pull(first.ref("again"), "amd64")).isEqualTo(first.bytes());
    }

    @Test
    void retaggingMovesTheTagToTheNewImage() {
        String entity = unique("ent");
        Pushed one = library.push(entity, "coll", "box", sif(5000), "amd64", "latest");
        Pushed two = library.push(entity, "coll", "box", sif(6000), "amd64", "latest");

        assertThat(two.containerId()).isEqualTo(one.containerId());
        assertThat(api.get("v1/images/" + one.ref("latest") + "?arch=amd64").expect(200).data().getString("id"))
                .isEqualTo(two.imageId());
        assertThat(library.pull(one.ref("latest"), "amd64")).isEqualTo(two.bytes());
        assertThat(library.pull(one.path() + ":" + one.hashRef(), "amd64")).isEqualTo(one.bytes());
    }

    @Test
    void sameTagPointsAtOneImagePerArchitecture() {
        String entity = unique("ent");
        Pushed amd = library.push(entity, "coll", "multi", sif(5000), "amd64", "latest");
        Pushed arm = library.push(entity, "coll", "multi", sif(7000, "arm64"), "arm64", "latest");

        JsonObject archTags = api.get("v2/tags/" + amd.containerId()).expect(200).data();
        assertThat(archTags.getJsonObject("amd64").getString("latest")).isEqualTo(amd.imageId());
        assertThat(archTags.getJsonObject("arm64").getString("latest")).isEqualTo(arm.imageId());
        assertThat(library.pull(amd.ref("latest"), "amd64")).isEqualTo(amd.bytes());
        assertThat(library.pull(amd.ref("latest"), "arm64")).isEqualTo(arm.bytes());
        assertThat(api.get("v1/images/" + amd.ref("latest") + "?arch=arm64").expect(200).data().getString("arch"))
                .isEqualTo("arm64");
    }

    @Test
    void shortRefsResolveIntoTheLibraryEntityAndDefaultCollection() {
        String container = unique("short");
        Pushed pushed = library.push("library", "default", container, sif(8000), "amd64", "latest");

        for (String ref : List.of(container, container + ":latest", "default/" + container + ":latest",
                "library/default/" + container + ":latest", "/library/default/" + container)) {
            assertThat(anonymous.get("v1/images/" + ref + "?arch=amd64").expect(200).data().getString("id"))
                    .as(ref).isEqualTo(pushed.imageId());
        }
        assertThat(new LibraryClient(anonymous).pull(container + ":latest", "amd64")).isEqualTo(pushed.bytes());
        assertThat(new LibraryClient(anonymous).pull(container, "amd64")).isEqualTo(pushed.bytes());
    }

    @Test
    void anonymousCallersPullPublicImages() {
        Pushed pushed = library.pushNew(unique("ent"), 50_000);

        LibraryClient client = new LibraryClient(anonymous);
        assertThat(anonymous.get("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(200).data()
                .getString("hash")).isEqualTo(pushed.hashRef());
        assertThat(client.pull(pushed.ref("latest"), "amd64")).isEqualTo(pushed.bytes());
    }

    // ---- search and delete -----------------------------------------------------------------------

    @Test
    void searchFindsVisibleImagesAndFiltersByArchitecture() {
        String entity = unique("ent");
        String container = unique("needle");
        Pushed pushed = library.push(entity, "coll", container, sif(3000), "amd64", "latest");

        JsonObject results = anonymous.get("v1/search?arch=amd64&value=" + container).expect(200).data();
        List<JsonObject> images = results.getJsonArray("image").getValuesAs(JsonObject.class);
        assertThat(images).extracting(i -> i.getString("id")).containsExactly(pushed.imageId());
        JsonObject hit = images.get(0);
        assertThat(hit.getString("entityName")).isEqualTo(entity);
        assertThat(hit.getString("collectionName")).isEqualTo("coll");
        assertThat(hit.getString("containerName")).isEqualTo(container);
        assertThat(hit.getJsonArray("tags")).extracting(v -> ((JsonString) v).getString()).contains("latest");
        assertThat(results.getJsonArray("container").getValuesAs(JsonObject.class))
                .extracting(c -> c.getString("id")).containsExactly(pushed.containerId());
        assertThat(results.getJsonArray("entity")).isNotNull();
        assertThat(results.getJsonArray("collection")).isNotNull();

        assertThat(anonymous.get("v1/search?arch=arm64&value=" + container).expect(200).data().getJsonArray("image"))
                .isEmpty();
        assertThat(anonymous.get("v1/search?arch=arm64,amd64&value=" + container).expect(200).data()
                .getJsonArray("image")).hasSize(1);
        assertThat(anonymous.get("v1/search?value=" + container).expect(200).data().getJsonArray("image")).hasSize(1);
        assertThat(anonymous.get("v1/search?arch=amd64").expect(400).errorMessage()).contains("value");
    }

    @Test
    void concurrentAnnouncesOfTheSameBytesShareOneImage() throws Exception {
        int pushes = 12;
        ExecutorService pool = Executors.newFixedThreadPool(pushes);
        try {
            for (int round = 0; round < 5; round++) {
                // as two first pushes of one image: a new collection and container, then the announces at once
                String containerId = library.ensureContainer(unique("ent"), unique("coll"), unique("race")).containerId();
                String body = LibraryClient.imageJson(TestImages.hashRef(sif(2300 + round)), containerId);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<ApiClient.Reply>> replies = new ArrayList<>();
                for (int i = 0; i < pushes; i++) {
                    replies.add(pool.submit(() -> {
                        start.await();
                        return api.postJson("v1/images", body);
                    }));
                }
                start.countDown();
                Set<String> ids = new HashSet<>();
                for (Future<ApiClient.Reply> reply : replies) {
                    ids.add(reply.get(60, TimeUnit.SECONDS).expect(200).data().getString("id"));
                }
                // every push was answered with the one image row of these bytes in this container
                assertThat(ids).as("round " + round).hasSize(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void searchFindsUploadedImagesByTheirDescription() {
        String entity = unique("ent");
        String word = unique("descword");
        String containerId = library.ensureContainer(entity, "coll", unique("plain")).containerId();
        byte[] uploaded = sif(2100);
        byte[] announcedOnly = sif(2200);
        String imageId = api.postJson("v1/images", described(uploaded, containerId, "built with " + word))
                .expect(200).data().getString("id");
        library.uploadV2(imageId, uploaded);
        library.tag(containerId, "amd64", "latest", imageId);
        // announced with the same words but never uploaded: not an image anyone can pull, so not a hit
        api.postJson("v1/images", described(announcedOnly, containerId, "also " + word)).expect(200);

        JsonObject results = anonymous.get("v1/search?value=" + word.toUpperCase(Locale.ROOT)).expect(200).data();
        assertThat(results.getJsonArray("image").getValuesAs(JsonObject.class)).extracting(i -> i.getString("id"))
                .containsExactly(imageId);
        assertThat(results.getJsonArray("container")).isEmpty();
        // a value longer than the search index's keys (20 characters) is checked against the text itself
        assertThat(anonymous.get("v1/search?value=" + URLEncoder.encode("BUILT WITH " + word, StandardCharsets.UTF_8))
                .expect(200).data().getJsonArray("image").getValuesAs(JsonObject.class)).extracting(i -> i.getString("id"))
                .containsExactly(imageId);
        assertThat(anonymous.get("v1/search?value=" + URLEncoder.encode("built with " + word + "s", StandardCharsets.UTF_8))
                .expect(200).data().getJsonArray("image")).isEmpty();
    }

    private static String described(byte[] bytes, String containerId, String description) {
        return LibraryClient.imageJson(TestImages.hashRef(bytes), containerId)
                .replace("\"description\":\"\"", "\"description\":\"" + description + "\"");
    }

    /**
     * What a search finds by the index a node keeps in memory is what its statements find: the same
     * answer, byte for byte, for admin and anonymous callers, broad and narrow values, architecture
     * and signature filters, and values holding LIKE's wildcards. The first search after a catalog
     * change is answered by the statements (the index no longer holds the catalog); the next ones by
     * the index once it is built again ({@code registry_search_indexed_total} says which answered).
     */
    @Test
    void searchesAnsweredFromTheIndexAreTheStatementsAnswers() throws Exception {
        String entity = unique("idx");
        String maintainer = unique("Jane-QUUX");
        Pushed alpha = library.push(entity, "tools", "alpha-box",
                sif(3100, "amd64", "Bootstrap: scratch\n", java.util.Map.of("org.example.maintainer", maintainer)), "amd64", "latest");
        library.push(entity, "tools", "beta-box", sif(3200, "arm64"), "arm64", "latest");
        String privateCollection = unique("hid");
        String collectionId = api.postJson("v1/collections",
                LibraryClient.collectionJson(privateCollection, library.entity(entity), true)).expect(200).data().getString("id");
        String hiddenContainer = unique("hidbox");
        String hiddenId = library.container(entity, privateCollection, collectionId, hiddenContainer);
        byte[] hidden = sif(3300);
        String hiddenImage = library.announce(entity + "/" + privateCollection + "/" + hiddenContainer, hiddenId, hidden, "amd64")
                .getString("id");
        library.uploadV2(hiddenImage, hidden);
        library.tag(hiddenId, "amd64", "latest", hiddenImage);

        List<String> searches = List.of(entity, "alpha-b", "BOX", "bo", "x", privateCollection, hiddenContainer, maintainer,
                entity + "/tools", "no-such-" + entity, "_", "a%", "box&arch=arm64", "box&arch=amd64,arm64", "box&signed=false",
                "box&signed=true");
        int probe = 0;
        for (ApiClient who : List.of(api, anonymous)) {
            for (String search : searches) {
                String url = "v1/search?value=" + search.replace("%", "%25").replace("/", "%2F");
                // a catalog change (a new tag): the next search is the statements'
                library.tag(alpha.containerId(), "amd64", "probe-" + probe++, alpha.imageId());
                double before = counter("registry_search_indexed_total");
                byte[] byStatements = who.get(url).expect(200).body();
                assertThat(counter("registry_search_indexed_total")).as("answered by statements: " + search).isEqualTo(before);
                byte[] byIndex = null;
                for (int attempt = 0; attempt < 100 && byIndex == null; attempt++) {
                    before = counter("registry_search_indexed_total");
                    byte[] answer = who.get(url).expect(200).body();
                    if (counter("registry_search_indexed_total") > before) {
                        byIndex = answer;
                    } else {
                        Thread.sleep(50);
                    }
                }
                assertThat(byIndex).as("answered from the index within 5 s: " + search).isNotNull();
                assertThat(new String(byIndex, StandardCharsets.UTF_8)).as(search)
                        .isEqualTo(new String(byStatements, StandardCharsets.UTF_8));
            }
        }
        // what was shown to whom, from the index
        assertThat(anonymous.get("v1/search?value=" + maintainer.toLowerCase(Locale.ROOT)).expect(200).data().getJsonArray("image")
                .getValuesAs(JsonObject.class)).extracting(i -> i.getString("id")).containsExactly(alpha.imageId());
        // the index is current (no change since its last answer): an answer it found is kept whole, and
        // given again to the same caller asking the same, to no one else
        double keptWhole = counter("registry_search_kept_total");
        ApiClient.Reply adminReply = api.get("v1/search?value=" + hiddenContainer).expect(200);
        byte[] adminAnswer = adminReply.body();
        assertThat(counter("registry_search_kept_total")).as("a first search is not kept").isEqualTo(keptWhole);
        assertThat(api.get("v1/search?value=" + hiddenContainer).expect(200).body()).isEqualTo(adminAnswer);
        assertThat(counter("registry_search_kept_total")).as("the same search by the same caller, kept whole")
                .isEqualTo(keptWhole + 1);
        JsonObject admin = adminReply.data();
        assertThat(admin.getJsonArray("image").getValuesAs(JsonObject.class)).extracting(i -> i.getString("id"))
                .containsExactly(hiddenImage);
        JsonObject anyone = anonymous.get("v1/search?value=" + hiddenContainer).expect(200).data();
        assertThat(anyone.getJsonArray("image")).as("the admin's kept answer is not anyone's").isEmpty();
        assertThat(anyone.getJsonArray("container")).isEmpty();
        assertThat(counter("registry_search_kept_total")).as("another caller's search").isEqualTo(keptWhole + 1);
        // a change ends the kept answer: the admin's next search is found afresh, and shows the change
        library.tag(hiddenId, "amd64", "moved", hiddenImage);
        JsonObject afterChange = api.get("v1/search?value=" + hiddenContainer).expect(200).data();
        assertThat(counter("registry_search_kept_total")).as("after a change").isEqualTo(keptWhole + 1);
        assertThat(afterChange.getJsonArray("image").getJsonObject(0).getJsonArray("tags").getValuesAs(JsonString.class))
                .extracting(JsonString::getString).contains("latest", "moved");
        assertThat(anonymous.get("v1/search?value=box&arch=arm64").expect(200).data().getJsonArray("image")
                .getValuesAs(JsonObject.class)).extracting(i -> i.getString("arch")).isNotEmpty().containsOnly("arm64");
    }

    @Test
    void searchDoesNotShowPrivateImagesToAnonymousCallers() {
        String entity = unique("ent");
        String collection = unique("hidden");
        String container = unique("secret");
        String entityId = library.entity(entity);
        String collectionId = api.postJson("v1/collections", LibraryClient.collectionJson(collection, entityId, true))
                .expect(200).data().getString("id");
        String containerId = library.container(entity, collection, collectionId, container);
        byte[] bytes = sif(2000);
        String imageId = library.announce(entity + "/" + collection + "/" + container, containerId, bytes, "amd64")
                .getString("id");
        library.uploadV2(imageId, bytes);
        library.tag(containerId, "amd64", "latest", imageId);

        assertThat(api.get("v1/search?value=" + container).expect(200).data().getJsonArray("image")).hasSize(1);
        JsonObject hidden = anonymous.get("v1/search?value=" + container).expect(200).data();
        assertThat(hidden.getJsonArray("image")).isEmpty();
        assertThat(hidden.getJsonArray("container")).isEmpty();
        assertThat(anonymous.get("v1/search?value=" + collection).expect(200).data().getJsonArray("collection")).isEmpty();
    }

    @Test
    void deleteAnswers200AndTheImageIsGone() {
        Pushed keep = library.pushNew(unique("ent"), 4000, "keep");
        Pushed pushed = library.push(keep.entity(), keep.collection(), keep.container(), sif(9000), "amd64", "latest");

        assertThat(anonymous.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(401).errorMessage())
                .contains("authentication");
        api.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(200);

        assertThat(api.get("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(404).error().getInt("code"))
                .isEqualTo(404);
        api.get("v1/images/" + pushed.path() + ":" + pushed.hashRef() + "?arch=amd64").expect(404);
        api.get("v1/imagefile/" + pushed.ref("latest") + "?arch=amd64").expect(404);
        api.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(404);
        assertThat(api.get("v2/tags/" + pushed.containerId()).expect(200).data().getJsonObject("amd64"))
                .doesNotContainKey("latest");
        // the other image of the container is untouched
        assertThat(library.pull(keep.ref("keep"), "amd64")).isEqualTo(keep.bytes());
    }

    @Test
    void deletedBytesCanBePushedAgain() {
        Pushed pushed = library.pushNew(unique("ent"), 7000);
        api.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(200);

        Pushed again = library.push(pushed.entity(), pushed.collection(), pushed.container(), pushed.bytes(), "amd64",
                "latest");
        assertThat(library.pull(again.ref("latest"), "amd64")).isEqualTo(pushed.bytes());
    }

    // ---- legacy upload (apiVersion below 2.0.0-alpha.1) ------------------------------------------

    @Test
    void legacyUploadAndV1TagsServeOldClients() {
        String entity = unique("ent");
        byte[] bytes = sif(120_000);
        LibraryClient.ContainerIds ids = library.ensureContainer(entity, "coll", "old");
        String path = entity + "/coll/old";
        String imageId = library.announce(path, ids.containerId(), bytes, "").getString("id");

        // raw bytes, Content-Length set, no Content-Type: as the Go client's legacy upload
        api.send("POST", "v1/imagefile/" + imageId, BodyPublishers.ofByteArray(bytes))
                .expect(200);
        assertThat(api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes)).expect(200).data()
                .getBoolean("uploaded")).isTrue();

        assertThat(api.get("v1/tags/" + ids.containerId()).expect(200).json().get("data"))
                .isIn(JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT);
        api.postJson("v1/tags/" + ids.containerId(), LibraryClient.tagJson("1.0", imageId)).expect(200);
        assertThat(api.get("v1/tags/" + ids.containerId()).expect(200).data().getString("1.0")).isEqualTo(imageId);

        assertThat(library.pull(path + ":1.0", "amd64")).isEqualTo(bytes);
        assertThat(anonymous.get("v1/imagefile/" + path + ":1.0?arch=").status()).isEqualTo(303);
    }
}
