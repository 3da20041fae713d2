package org.sregistry.it.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.sha256;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.net.URL;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
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
 * The public read API ({@code /api/collections}, {@code /api/containers},
 * {@code /api/collections/{e}/{c}/containers}, {@code /api/images/{ref}}): a thousand containers paged
 * through without gaps or duplicates, the page size cap and the other 400s, sorting, label filters,
 * privacy (totals included), and an image's metadata and download address against what was pushed.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class PublicApiIT {

    private static final int BULK = 1_000;
    private static final String LABEL = "org.sregistry.read";
    private static final String DEFFILE = "Bootstrap: docker\nFrom: alpine:3.20\n\n%post\n    apk add jq\n";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient api;
    ApiClient anonymous;
    LibraryClient library;

    /** The entity holding the thousand containers (collection "bulk"), made once. */
    static String bulk;

    /** Three real pushes in {@code real/real}: alpha (30 kB, amd64), bravo (10 kB), charlie (20 kB, arm64), in that order. */
    static String real;
    static String one;
    static String two;
    static Map<String, Pushed> pushed;

    @BeforeEach
    void connect() {
        api = ApiClient.of(deployed, ApiClient.adminToken());
        anonymous = api.anonymous();
        library = new LibraryClient(api);
    }

    // ---- a thousand containers -------------------------------------------------------------------

    @Test
    void aThousandContainersPageThroughWithoutGapsOrDuplicatesFollowingNextLinks() {
        String entity = bulk();
        Set<String> seen = new LinkedHashSet<>();
        String next = "api/containers?entity=" + entity + "&limit=100";
        int pages = 0;
        JsonObject page = null;
        while (next != null) {
            page = anonymous.get(next).expect(200).data();
            pages++;
            assertThat(page.getJsonNumber("total").longValue()).isEqualTo(BULK);
            assertThat(page.getInt("limit")).isEqualTo(100);
            assertThat(page.getInt("offset")).isEqualTo((pages - 1) * 100);
            List<JsonObject> items = page.getJsonArray("items").getValuesAs(JsonObject.class);
            assertThat(items).hasSize(100);
            for (JsonObject item : items) {
                assertThat(seen.add(item.getString("name"))).as("duplicate %s", item.getString("name")).isTrue();
                assertThat(item.getString("path")).isEqualTo(entity + "/bulk/" + item.getString("name"));
                assertThat(item.getBoolean("isPrivate")).isFalse();
                assertThat(item.getJsonNumber("images").longValue()).isZero();
            }
            if (pages == 1) {
                assertThat(page).doesNotContainKeys("prev", "prevOffset"); // absent at the start, as nulls are in every envelope
                assertThat(page.getString("next")).startsWith(api.base().toString()).contains("offset=100", "limit=100",
                        "entity=" + entity);
            } else {
                assertThat(page.getInt("prevOffset")).isEqualTo((pages - 2) * 100);
            }
            next = page.containsKey("next") ? page.getString("next") : null;
            assertThat(pages).isLessThanOrEqualTo(10);
        }
        assertThat(pages).isEqualTo(10);
        assertThat(page).doesNotContainKeys("next", "nextOffset");
        // every one of the thousand, in name order, nothing else
        assertThat(new ArrayList<>(seen)).containsExactlyElementsOf(IntStream.range(0, BULK).mapToObj(PublicApiIT::bulkName).toList());

        // the same through the collection's own address, and backwards by name
        JsonObject last = anonymous.get("api/collections/" + entity + "/bulk/containers?offset=990&limit=100").expect(200).data();
        assertThat(last.getJsonNumber("total").longValue()).isEqualTo(BULK);
        assertThat(names(last)).containsExactlyElementsOf(IntStream.range(990, BULK).mapToObj(PublicApiIT::bulkName).toList());
        assertThat(last.getInt("prevOffset")).isEqualTo(890);
        assertThat(last).doesNotContainKey("next");
        assertThat(names(anonymous.get("api/containers?entity=" + entity + "&sort=name&order=desc&limit=3").expect(200).data()))
                .containsExactly(bulkName(999), bulkName(998), bulkName(997));
        // past the end: an empty page with the total
        JsonObject beyond = anonymous.get("api/containers?entity=" + entity + "&offset=5000").expect(200).data();
        assertThat(beyond.getJsonArray("items")).isEmpty();
        assertThat(beyond.getJsonNumber("total").longValue()).isEqualTo(BULK);
        // name contains
        JsonObject found = anonymous.get("api/containers?entity=" + entity + "&q=B-0%25").expect(200).data();
        assertThat(found.getJsonNumber("total").longValue()).isZero();
        found = anonymous.get("api/containers?entity=" + entity + "&q=B-09").expect(200).data();
        assertThat(found.getJsonNumber("total").longValue()).isEqualTo(100);
        // the collection list counts them
        JsonObject collection = only(anonymous.get("api/collections?entity=" + entity).expect(200).data());
        assertThat(collection.getString("path")).isEqualTo(entity + "/bulk");
        assertThat(collection.getJsonNumber("containers").longValue()).isEqualTo(BULK);
        assertThat(collection.getString("containersUrl")).isEqualTo(api.base() + "api/collections/" + entity + "/bulk/containers");
    }

    @Test
    void theLibrarySearchAnswersAtMostTwoHundredContainersInNameOrder() {
        String entity = bulk();
        // a thousand match: the search stops at its cap, in name order
        List<JsonObject> capped = anonymous.get("v1/search?value=b-0").expect(200).data().getJsonArray("container")
                .getValuesAs(JsonObject.class);
        assertThat(capped).hasSize(200);
        List<String> ours = capped.stream().filter(c -> c.getString("entityName").equals(entity))
                .map(c -> c.getString("name")).toList();
        assertThat(ours).isNotEmpty().isSorted();
        // a hundred match: all of them, each with its collection and entity, no images (none was pushed)
        JsonObject found = anonymous.get("v1/search?value=B-09").expect(200).data();
        List<JsonObject> hundred = found.getJsonArray("container").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("entityName").equals(entity)).toList();
        assertThat(hundred).extracting(c -> c.getString("name"))
                .containsExactlyElementsOf(IntStream.range(900, BULK).mapToObj(PublicApiIT::bulkName).toList());
        assertThat(hundred).allSatisfy(c -> {
            assertThat(c.getString("collectionName")).isEqualTo("bulk");
            assertThat(c.getJsonArray("images")).isEmpty();
        });
    }

    @Test
    void pagesAboveTheCapAndMalformedParametersAre400sInTheErrorEnvelope() {
        for (String path : List.of("api/containers", "api/collections", "api/collections/" + real() + "/real/containers")) {
            ApiClient.Reply capped = anonymous.get(path + "?limit=501").expect(400);
            assertThat(capped.error().getInt("code")).isEqualTo(400);
            assertThat(capped.errorMessage()).isEqualTo("limit 501 is above the page size cap: ask for at most 500 rows and page with offset");
            assertThat(anonymous.get(path + "?limit=100000").expect(400).errorMessage()).contains("page size cap");
            assertThat(anonymous.get(path + "?limit=0").expect(400).errorMessage()).isEqualTo("limit must be between 1 and 500");
            assertThat(anonymous.get(path + "?offset=-1").expect(400).errorMessage()).isEqualTo("offset must not be negative");
            assertThat(anonymous.get(path + "?limit=ten").expect(400).errorMessage()).isEqualTo("limit must be a whole number, not 'ten'");
            assertThat(anonymous.get(path + "?offset=1x").expect(400).errorMessage()).isEqualTo("offset must be a whole number, not '1x'");
            assertThat(anonymous.get(path + "?sort=popularity").expect(400).errorMessage()).startsWith("unknown sort key 'popularity': use one of name, updated, downloads");
            assertThat(anonymous.get(path + "?sort=name&order=sideways").expect(400).errorMessage()).isEqualTo("unknown order 'sideways': use asc or desc");
            assertThat(anonymous.get(path + "?signed=maybe").expect(400).errorMessage()).isEqualTo("signed must be true or false, not 'maybe'");
            assertThat(anonymous.get(path + "?label=%3Dvalue").expect(400).errorMessage()).isEqualTo("label must be key or key=value");
            assertThat(anonymous.get(path + "?limit=500").expect(200).data().getInt("limit")).isEqualTo(500);
        }
        // containers have no stars; collections do
        assertThat(anonymous.get("api/containers?sort=stars").expect(400).errorMessage())
                .isEqualTo("unknown sort key 'stars': use one of name, updated, downloads, size");
        anonymous.get("api/collections?sort=stars&limit=5").expect(200);
        assertThat(anonymous.get("api/images/a/b/c/d").expect(400).errorMessage()).contains("invalid image reference");
    }

    // ---- sorting and filters ---------------------------------------------------------------------

    @Test
    void containersSortByNameLastPushSizeAndDownloads() {
        String entity = real();
        String list = "api/containers?entity=" + entity;
        assertThat(names(anonymous.get(list).expect(200).data())).containsExactly("alpha", "bravo", "charlie");
        assertThat(names(anonymous.get(list + "&sort=updated").expect(200).data())).containsExactly("charlie", "bravo", "alpha");
        assertThat(names(anonymous.get(list + "&sort=updated&order=asc").expect(200).data())).containsExactly("alpha", "bravo", "charlie");
        assertThat(names(anonymous.get(list + "&sort=size").expect(200).data())).containsExactly("alpha", "charlie", "bravo");
        // bravo pulled three times, charlie twice, alpha at most once (by the metadata test)
        assertThat(names(anonymous.get(list + "&sort=downloads").expect(200).data())).containsExactly("bravo", "charlie", "alpha");
        JsonObject bravo = anonymous.get(list + "&sort=downloads&limit=1").expect(200).data().getJsonArray("items").getJsonObject(0);
        assertThat(bravo.getJsonNumber("downloads").longValue()).isEqualTo(3);
        assertThat(bravo.getJsonNumber("images").longValue()).isEqualTo(1);
        assertThat(bravo.getJsonNumber("sizeBytes").longValue()).isEqualTo(pushed.get("bravo").bytes().length);
        assertThat(bravo.getBoolean("signed")).isFalse();
        assertThat(bravo.getString("lastPush")).isNotEmpty();
        JsonObject alpha = anonymous.get(list + "&limit=1").expect(200).data().getJsonArray("items").getJsonObject(0);
        assertThat(alpha.getJsonArray("tags").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                .containsExactly("latest", "v1");
    }

    @Test
    void labelTagAndSignatureFiltersNarrowBothLists() {
        String entity = real();
        String list = "api/containers?entity=" + entity;
        assertThat(names(anonymous.get(list + "&label=" + LABEL).expect(200).data())).containsExactly("alpha", "bravo", "charlie");
        assertThat(names(anonymous.get(list + "&label=" + LABEL + "%3D" + one).expect(200).data())).containsExactly("alpha", "charlie");
        assertThat(names(anonymous.get(list + "&label=" + LABEL + "%3D" + two).expect(200).data())).containsExactly("bravo");
        assertThat(names(anonymous.get(list + "&label=maintainer").expect(200).data())).containsExactly("alpha");
        // a run-unique label value across the whole registry finds exactly these
        JsonObject everywhere = anonymous.get("api/containers?label=" + LABEL + "%3D" + one + "&sort=size").expect(200).data();
        assertThat(everywhere.getJsonNumber("total").longValue()).isEqualTo(2);
        assertThat(names(everywhere)).containsExactly("alpha", "charlie");
        assertThat(names(anonymous.get(list + "&tag=v1").expect(200).data())).containsExactly("alpha");
        assertThat(names(anonymous.get(list + "&signed=false").expect(200).data())).containsExactly("alpha", "bravo", "charlie");
        assertThat(anonymous.get(list + "&signed=true").expect(200).data().getJsonNumber("total").longValue()).isZero();
        assertThat(names(anonymous.get("api/containers?collection=real&entity=" + entity + "&q=AVO").expect(200).data()))
                .containsExactly("bravo");

        JsonObject collections = anonymous.get("api/collections?label=" + LABEL + "%3D" + two).expect(200).data();
        assertThat(collections.getJsonNumber("total").longValue()).isEqualTo(1);
        JsonObject collection = collections.getJsonArray("items").getJsonObject(0);
        assertThat(collection.getString("path")).isEqualTo(entity + "/real");
        assertThat(collection.getJsonNumber("containers").longValue()).isEqualTo(3);
        assertThat(collection.getJsonNumber("images").longValue()).isEqualTo(3);
        assertThat(anonymous.get("api/collections?entity=" + entity + "&tag=v1").expect(200).data()
                .getJsonNumber("total").longValue()).isEqualTo(1);
        assertThat(anonymous.get("api/collections?entity=" + entity + "&tag=v9").expect(200).data()
                .getJsonNumber("total").longValue()).isZero();
        assertThat(anonymous.get("api/collections?entity=" + entity + "&signed=true").expect(200).data()
                .getJsonNumber("total").longValue()).isZero();
        assertThat(anonymous.get("api/collections?q=" + entity.toUpperCase() + "/REA").expect(200).data()
                .getJsonNumber("total").longValue()).isEqualTo(1);
    }

    @Test
    void collectionsRankByStarsGivenThroughTheApi() {
        String entity = unique("star");
        String entityId = library.entity(entity);
        for (String name : List.of("few", "many", "none")) {
            library.collection(entity, entityId, name, false);
        }
        List<ApiClient> fans = List.of(user(unique("fan")), user(unique("fan")), user(unique("fan")));
        for (ApiClient fan : fans) {
            JsonObject state = fan.putJson("api/collections/" + entity + "/many/star", "").expect(200).data();
            assertThat(state.getBoolean("starred")).isTrue();
        }
        fans.get(0).putJson("api/collections/" + entity + "/few/star", "").expect(200);
        // starring twice counts once; taking a star back takes one off
        assertThat(fans.get(0).putJson("api/collections/" + entity + "/few/star", "").expect(200).data()
                .getJsonNumber("stars").longValue()).isEqualTo(1);
        fans.get(1).putJson("api/collections/" + entity + "/few/star", "").expect(200);
        JsonObject unstarred = fans.get(1).delete("api/collections/" + entity + "/few/star").expect(200).data();
        assertThat(unstarred.getBoolean("starred")).isFalse();
        assertThat(unstarred.getJsonNumber("stars").longValue()).isEqualTo(1);
        assertThat(fans.get(2).get("api/collections/" + entity + "/many/star").expect(200).data().getBoolean("starred")).isTrue();

        JsonObject ranked = anonymous.get("api/collections?entity=" + entity + "&sort=stars").expect(200).data();
        assertThat(ranked.getJsonArray("items").getValuesAs(JsonObject.class).stream()
                .map(o -> o.getString("name") + ":" + o.getJsonNumber("stars").longValue()))
                .containsExactly("many:3", "few:1", "none:0");
        assertThat(anonymous.get("api/collections?entity=" + entity + "&sort=stars&order=asc").expect(200).data()
                .getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("none");
        // anonymous callers cannot star; a private collection reads like a missing one
        assertThat(anonymous.putJson("api/collections/" + entity + "/many/star", "").expect(401).error().getInt("code")).isEqualTo(401);
        api.putJson("api/collections/" + entity + "/none", "{\"private\":true}").expect(200);
        ApiClient.Reply hidden = fans.get(0).putJson("api/collections/" + entity + "/none/star", "").expect(404);
        ApiClient.Reply ghost = fans.get(0).putJson("api/collections/" + entity + "/ghost/star", "").expect(404);
        assertThat(hidden.errorMessage()).isEqualTo(ghost.errorMessage().replace("ghost", "none"));
    }

    // ---- privacy ---------------------------------------------------------------------------------

    @Test
    void privateCollectionsAreAbsentForAnonymousCallersAndOutsidersAndCountedOnlyForThoseWhoMaySeeThem() {
        String ownerName = unique("own");
        ApiClient owner = user(ownerName);
        ApiClient outsider = user(unique("out"));
        LibraryClient ownerLibrary = new LibraryClient(owner);
        ownerLibrary.push(ownerName, "open", "pub", TestImages.sif(2_000), "amd64", "latest");
        ownerLibrary.push(ownerName, "hidden", "s1", TestImages.sif(2_000), "amd64", "latest");
        ownerLibrary.push(ownerName, "hidden", "s2", TestImages.sif(2_000), "amd64", "latest");
        owner.putJson("api/collections/" + ownerName + "/hidden", "{\"private\":true}").expect(200);

        for (ApiClient stranger : List.of(anonymous, outsider)) {
            JsonObject containers = stranger.get("api/containers?entity=" + ownerName).expect(200).data();
            assertThat(containers.getJsonNumber("total").longValue()).isEqualTo(1);
            assertThat(names(containers)).containsExactly("pub");
            JsonObject collections = stranger.get("api/collections?entity=" + ownerName).expect(200).data();
            assertThat(collections.getJsonNumber("total").longValue()).isEqualTo(1);
            assertThat(collections.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("open");
            // a private collection reads exactly like a missing one
            ApiClient.Reply hidden = stranger.get("api/collections/" + ownerName + "/hidden/containers").expect(404);
            ApiClient.Reply ghost = stranger.get("api/collections/" + ownerName + "/ghost/containers").expect(404);
            assertThat(hidden.errorMessage()).isEqualTo(ghost.errorMessage().replace("ghost", "hidden"));
            ApiClient.Reply image = stranger.get("api/images/" + ownerName + "/hidden/s1:latest").expect(404);
            ApiClient.Reply missing = stranger.get("api/images/" + ownerName + "/ghost/s1:latest").expect(404);
            assertThat(image.errorMessage()).isEqualTo(missing.errorMessage().replace("ghost", "hidden"));
            assertThat(stranger.get("api/containers?entity=" + ownerName + "&collection=hidden").expect(200).data()
                    .getJsonNumber("total").longValue()).isZero();
        }

        for (ApiClient insider : List.of(owner, api)) {
            JsonObject containers = insider.get("api/containers?entity=" + ownerName).expect(200).data();
            assertThat(containers.getJsonNumber("total").longValue()).isEqualTo(3);
            assertThat(names(containers)).containsExactly("s1", "s2", "pub");
            JsonObject collections = insider.get("api/collections?entity=" + ownerName).expect(200).data();
            assertThat(collections.getJsonNumber("total").longValue()).isEqualTo(2);
            assertThat(collections.getJsonArray("items").getJsonObject(0).getString("name")).isEqualTo("hidden");
            assertThat(collections.getJsonArray("items").getJsonObject(0).getBoolean("isPrivate")).isTrue();
            JsonObject own = insider.get("api/collections/" + ownerName + "/hidden/containers").expect(200).data();
            assertThat(own.getJsonNumber("total").longValue()).isEqualTo(2);
            assertThat(own.getJsonArray("items").getJsonObject(0).getBoolean("isPrivate")).isTrue();
            assertThat(insider.get("api/images/" + ownerName + "/hidden/s1:latest").expect(200).data().getJsonNumber("size")
                    .longValue()).isPositive();
        }
    }

    // ---- an image's metadata ---------------------------------------------------------------------

    @Test
    void anImagesMetadataMatchesWhatWasPushedAndItsDownloadUrlServesTheExactBytes() {
        String entity = real();
        Pushed alpha = pushed.get("alpha");
        JsonObject image = anonymous.get("api/images/" + entity + "/real/alpha:latest?arch=amd64").expect(200).data();
        assertThat(image.getString("entity")).isEqualTo(entity);
        assertThat(image.getString("collection")).isEqualTo("real");
        assertThat(image.getString("container")).isEqualTo("alpha");
        assertThat(image.getString("ref")).isEqualTo(entity + "/real/alpha:latest");
        assertThat(image.getString("arch")).isEqualTo("amd64");
        assertThat(image.getJsonNumber("size").longValue()).isEqualTo(alpha.bytes().length);
        assertThat(image.getString("sha256")).isEqualTo(sha256(alpha.bytes()));
        assertThat(image.getString("hash")).isEqualTo(TestImages.hashRef(alpha.bytes()));
        assertThat(image.getJsonArray("tags").getValuesAs(JsonString.class)).extracting(JsonString::getString)
                .containsExactlyInAnyOrder("latest", "v1");
        assertThat(image.getJsonObject("signature").getString("verdict")).isEqualTo("UNSIGNED");
        assertThat(image.getJsonObject("signature").getBoolean("signed")).isFalse();
        JsonObject sif = image.getJsonObject("sif");
        assertThat(sif.getString("deffile")).isEqualTo(DEFFILE);
        assertThat(sif.getJsonObject("labels")).containsOnlyKeys(LABEL, "maintainer");
        assertThat(sif.getJsonObject("labels").getString(LABEL)).isEqualTo(one);
        assertThat(sif.getJsonArray("partitions")).hasSize(1);
        JsonObject partition = sif.getJsonArray("partitions").getJsonObject(0);
        assertThat(partition.getString("type")).isEqualTo("primsys");
        assertThat(partition.getString("arch")).isEqualTo("amd64");
        assertThat(partition.getJsonNumber("size").longValue()).isEqualTo(30_000);

        String url = image.getString("downloadUrl");
        assertThat(url).isEqualTo(api.base() + "v1/imagefile/" + entity + "/real/alpha:" + TestImages.hashRef(alpha.bytes()));
        ApiClient.Reply redirect = anonymous.get(url).expect(303);
        byte[] bytes = anonymous.transfer("GET", redirect.header("Location").orElseThrow(), null).expect(200).body();
        assertThat(sha256(bytes)).isEqualTo(sha256(alpha.bytes()));

        // by digest, by architecture, and what does not exist
        JsonObject byHash = anonymous.get("api/images/" + entity + "/real/alpha:" + TestImages.hashRef(alpha.bytes())).expect(200).data();
        assertThat(byHash.getString("sha256")).isEqualTo(sha256(alpha.bytes()));
        assertThat(byHash.getString("downloadUrl")).isEqualTo(url);
        JsonObject arm = anonymous.get("api/images/" + entity + "/real/charlie:latest?arch=arm64").expect(200).data();
        assertThat(arm.getString("arch")).isEqualTo("arm64");
        assertThat(arm.getString("sha256")).isEqualTo(sha256(pushed.get("charlie").bytes()));
        assertThat(anonymous.get("api/images/" + entity + "/real/alpha:latest?arch=arm64").expect(404).error().getInt("code"))
                .isEqualTo(404);
        anonymous.get("api/images/" + entity + "/real/alpha:v2").expect(404);
        anonymous.get("api/images/" + entity + "/real/nothere:latest").expect(404);
    }

    // ---- fixtures --------------------------------------------------------------------------------

    private static String bulkName(int i) {
        return "b-%04d".formatted(i);
    }

    /** A public collection of a thousand empty containers, made through the library API by four clients at once. */
    private synchronized String bulk() {
        if (bulk == null) {
            String entity = unique("bulk");
            String collectionId = library.collection(entity, library.entity(entity), "bulk", false);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < BULK; i++) {
                    String body = LibraryClient.containerJson(bulkName(i), collectionId);
                    done.add(pool.submit(() -> api.postJson("v1/containers", body).expect(200)));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } catch (Exception e) {
                throw new AssertionError("seeding the thousand containers failed", e);
            } finally {
                pool.shutdownNow();
            }
            bulk = entity;
        }
        return bulk;
    }

    /** Three real pushes with known labels and definition files, pulled a known number of times. */
    private synchronized String real() {
        if (real == null) {
            String entity = unique("real");
            one = unique("one");
            two = unique("two");
            Map<String, Pushed> made = new java.util.HashMap<>();
            made.put("alpha", library.push(entity, "real", "alpha",
                    TestImages.sif(30_000, "amd64", DEFFILE, Map.of(LABEL, one, "maintainer", "it")), "amd64", "latest", "v1"));
            made.put("bravo", library.push(entity, "real", "bravo",
                    TestImages.sif(10_000, "amd64", "Bootstrap: scratch\n", Map.of(LABEL, two)), "amd64", "latest"));
            made.put("charlie", library.push(entity, "real", "charlie",
                    TestImages.sif(20_000, "arm64", "Bootstrap: scratch\n", Map.of(LABEL, one)), "arm64", "latest"));
            for (int i = 0; i < 3; i++) {
                library.downloadUrl(entity + "/real/bravo:latest", "amd64");
            }
            for (int i = 0; i < 2; i++) {
                library.downloadUrl(entity + "/real/charlie:latest", "arm64");
            }
            pushed = made;
            real = entity;
        }
        return real;
    }

    private ApiClient user(String name) {
        api.postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "-123456\"}").expect(201);
        return api.withToken(api.postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201)
                .data().getString("token"));
    }

    private static List<String> names(JsonObject page) {
        return page.getJsonArray("items").getValuesAs(JsonObject.class).stream().map(o -> o.getString("name")).toList();
    }

    private static JsonObject only(JsonObject page) {
        assertThat(page.getJsonNumber("total").longValue()).isEqualTo(1);
        return page.getJsonArray("items").getJsonObject(0);
    }
}
