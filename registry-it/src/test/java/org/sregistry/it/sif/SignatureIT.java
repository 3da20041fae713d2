package org.sregistry.it.sif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.LibraryClient.Pushed;
import org.sregistry.it.TestImages;

/**
 * Signature verdicts over HTTP: SIFs signed at test time by the real signer ({@code libclient sign},
 * as {@code apptainer sign}) are pushed, and the image JSON and signed search follow the keystore as
 * the signer's key is added and revoked. Skipped without libclient ({@code LIBCLIENT}) and the shared
 * {@code mksif.sh} ({@code SHARED_DIR}), which scripts/test-all.sh provide.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SignatureIT {

    @TempDir
    static Path dir;

    static String libclient;
    static Path mksif;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient api;
    LibraryClient library;

    @BeforeAll
    static void tools() {
        libclient = System.getProperty("LIBCLIENT", System.getenv("LIBCLIENT"));
        assumeTrue(libclient != null && Files.isExecutable(Path.of(libclient)), "LIBCLIENT is not set");
        Path shared = Path.of(System.getenv().getOrDefault("SHARED_DIR", "../../shared"));
        mksif = shared.resolve("libclient/mksif.sh").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(mksif), "mksif.sh not found at " + mksif);
    }

    @BeforeEach
    void connect() {
        api = ApiClient.of(deployed, ApiClient.adminToken());
        library = new LibraryClient(api);
    }

    @Test
    void verdictFollowsTheKeystoreAndTheBytes() throws Exception {
        String name = unique("signer");
        String fingerprint = keygen(name);
        byte[] signed = signedSif(name, name);
        String entity = unique("sig");
        String container = unique("box");

        // the signer's key is not in the keystore yet
        Pushed image = library.push(entity, "coll", container, signed, "amd64", "signed");
        JsonObject json = image(image, "signed");
        assertThat(json.getBoolean("signed")).isFalse();
        assertThat(json.getJsonArray("fingerprints")).isEmpty();
        assertThat(json.getJsonObject("signature").getString("verdict")).isEqualTo("UNKNOWN_KEY");
        assertThat(json.getJsonObject("signature").getString("reason")).contains(fingerprint);
        assertThat(signedSearch(container)).isEmpty();

        // pushing the key verifies the image again
        api.send("POST", "pks/add", BodyPublishers.ofString("keytext=" + URLEncoder.encode(
                Files.readString(dir.resolve(name + ".pub.asc")), StandardCharsets.UTF_8)),
                "Content-Type", "application/x-www-form-urlencoded").expect(200);
        json = image(image, "signed");
        assertThat(json.getBoolean("signed")).isTrue();
        assertThat(json.getJsonArray("fingerprints").getString(0)).isEqualTo(fingerprint);
        assertThat(json.containsKey("signature")).isFalse();
        assertThat(signedSearch(container)).containsExactly(image.imageId());

        // the same signature over changed bytes, and an unsigned image
        byte[] tampered = signed.clone();
        tampered[40_000] ^= 0x01; // inside the partition (offset 32768 in mksif.sh images)
        Pushed changed = library.push(entity, "coll", container, tampered, "amd64", "tampered");
        json = image(changed, "tampered");
        assertThat(json.getBoolean("signed")).isFalse();
        assertThat(json.getJsonObject("signature").getString("verdict")).isEqualTo("INVALID");
        assertThat(json.getJsonObject("signature").getString("reason")).contains("data of object 1 changed");
        Pushed plain = library.push(entity, "coll", container, TestImages.sif(50_000), "amd64", "plain");
        json = image(plain, "plain");
        assertThat(json.getBoolean("signed")).isFalse();
        assertThat(json.containsKey("signature")).isFalse();
        assertThat(signedSearch(container)).containsExactly(image.imageId());
        assertThat(api.get("v1/search?value=" + container + "&signed=false").expect(200).data().getJsonArray("image")
                .getValuesAs(JsonObject.class)).extracting(i -> i.getString("id"))
                .containsExactlyInAnyOrder(changed.imageId(), plain.imageId());

        // revoking the key withdraws the trust
        api.delete("api/keys/" + fingerprint).expect(200);
        json = image(image, "signed");
        assertThat(json.getBoolean("signed")).isFalse();
        assertThat(json.getJsonObject("signature").getString("verdict")).isEqualTo("UNKNOWN_KEY");
        assertThat(signedSearch(container)).isEmpty();
    }

    @Test
    void listedKeysPolicyRefusesUnsignedAndUnlistedImagesAndTagMoves() throws Exception {
        String listed = unique("listed");
        String other = unique("other");
        String listedFp = keygen(listed);
        String otherFp = keygen(other);
        pushKey(api, listed);
        pushKey(api, other);
        String entity = unique("pol");
        String container = unique("box");
        String path = entity + "/coll/" + container;
        // before the policy, anything goes
        byte[] plainBytes = TestImages.sif(40_000);
        Pushed plain = library.push(entity, "coll", container, plainBytes, "amd64", "before");

        // LISTED_KEYS needs a key; fingerprints are normalised
        assertThat(api.putJson("api/collections/" + entity + "/coll", "{\"signaturePolicy\":\"LISTED_KEYS\",\"signerKeys\":[]}")
                .expect(400).errorMessage()).contains("needs at least one key fingerprint");
        assertThat(api.putJson("api/collections/" + entity + "/coll", "{\"signaturePolicy\":\"LISTED_KEYS\",\"signerKeys\":[\"0xabc\"]}")
                .expect(400).errorMessage()).contains("not a key fingerprint");
        JsonObject settings = api.putJson("api/collections/" + entity + "/coll", "{\"signaturePolicy\":\"listed_keys\","
                + "\"signerKeys\":[\"0x" + listedFp.toLowerCase() + "\"]}").expect(200).data();
        assertThat(settings.getString("signaturePolicy")).isEqualTo("LISTED_KEYS");
        assertThat(settings.getJsonArray("signerKeys").getValuesAs(jakarta.json.JsonString.class))
                .extracting(jakarta.json.JsonString::getString).containsExactly(listedFp);
        assertThat(api.get("api/collections/" + entity + "/coll").expect(200).data().getString("signaturePolicy"))
                .isEqualTo("LISTED_KEYS");

        // an unsigned image: its upload's completion is refused, and it never appears
        byte[] unsigned = TestImages.sif(50_000);
        ApiClient.Reply refused = upload(entity, container, unsigned);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorMessage()).isEqualTo("collection " + entity
                + "/coll requires images signed by one of its listed keys; this image is unsigned");
        assertThat(api.get("v1/images/" + path + ":" + TestImages.hashRef(unsigned) + "?arch=amd64").data()
                .getBoolean("uploaded")).isFalse();
        // an image signed by a key that is valid but not listed
        refused = upload(entity, container, signedSif(unique("o"), other));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorMessage()).isEqualTo("collection " + entity
                + "/coll requires images signed by one of its listed keys; this image is signed by " + otherFp
                + ", which is not listed");
        // the listed signer's image goes in
        byte[] good = signedSif(unique("l"), listed);
        Pushed accepted = library.push(entity, "coll", container, good, "amd64", "latest");
        assertThat(image(accepted, "latest").getJsonArray("fingerprints").getString(0)).isEqualTo(listedFp);
        assertThat(library.pull(accepted.ref("latest"), "amd64")).isEqualTo(good);

        // moving a tag to the unsigned image pushed before the policy is refused (v2 and v1), the tag stays
        ApiClient.Reply move = api.postJson("v2/tags/" + accepted.containerId(),
                LibraryClient.archTagJson("amd64", "latest", plain.imageId()));
        assertThat(move.status()).isEqualTo(403);
        assertThat(move.errorMessage()).endsWith("this image is unsigned");
        assertThat(api.postJson("v1/tags/" + accepted.containerId(), LibraryClient.tagJson("latest", plain.imageId()))
                .status()).isEqualTo(403);
        assertThat(image(accepted, "latest").getString("id")).isEqualTo(accepted.imageId());
        assertThat(image(plain, "before").getString("id")).isEqualTo(plain.imageId()); // tagged before: stays

        // revoking the listed key: its image can no longer be tagged anew
        api.delete("api/keys/" + listedFp).expect(200);
        move = api.postJson("v2/tags/" + accepted.containerId(), LibraryClient.archTagJson("amd64", "again", accepted.imageId()));
        assertThat(move.status()).isEqualTo(403);
        assertThat(move.errorMessage()).contains("this image's signature cannot be verified", listedFp);

        // back to ANY: the unsigned image is accepted
        assertThat(api.putJson("api/collections/" + entity + "/coll", "{\"signaturePolicy\":\"ANY\"}").expect(200).data()
                .getJsonArray("signerKeys")).hasSize(1); // kept for later
        library.push(entity, "coll", container, unsigned, "amd64", "unsigned");
    }

    @Test
    void membersPolicyAcceptsKeysAddedByMembersOnly() throws Exception {
        String username = unique("signer");
        ApiClient user = user(username);
        String key = unique("memberkey");
        String fingerprint = keygen(key);
        pushKey(user, key); // the key belongs to the user
        String entity = unique("mem");
        String container = unique("box");
        library.push(entity, "coll", container, TestImages.sif(30_000), "amd64", "before");
        assertThat(api.putJson("api/collections/" + entity + "/coll", "{\"signaturePolicy\":\"MEMBERS\"}").expect(200)
                .data().getString("signaturePolicy")).isEqualTo("MEMBERS");

        byte[] signed = signedSif(unique("m"), key);
        ApiClient.Reply refused = upload(entity, container, signed);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.errorMessage()).isEqualTo("collection " + entity + "/coll requires images signed by a key of one"
                + " of its members; this image is signed by " + fingerprint + ", a key no member of the collection added");
        assertThat(upload(entity, container, TestImages.sif(31_000)).errorMessage()).endsWith("this image is unsigned");

        // once the key's owner is a contributor, the same image is accepted
        api.postJson("api/collections/" + entity + "/coll/members", "{\"user\":\"" + username + "\"}").expect(200);
        Pushed pushed = library.push(entity, "coll", container, signed, "amd64", "latest");
        assertThat(image(pushed, "latest").getBoolean("signed")).isTrue();
        assertThat(library.pull(pushed.ref("latest"), "amd64")).isEqualTo(signed);
    }

    @Test
    void anImportJobSkipsTheFilesTheSignaturePolicyRefuses() throws Exception {
        String key = unique("importer");
        String fingerprint = keygen(key);
        pushKey(api, key);
        String entity = unique("imp");
        library.push(entity, "coll", unique("seed"), TestImages.sif(20_000), "amd64", "latest");
        api.putJson("api/collections/" + entity + "/coll", "{\"signaturePolicy\":\"LISTED_KEYS\",\"signerKeys\":[\""
                + fingerprint + "\"]}").expect(200);
        Path dir = Files.createDirectories(Path.of(System.getProperty("it.data.dir")).toAbsolutePath()
                .resolveSibling(unique("sigimport")));
        byte[] good = signedSif(unique("g"), key);
        Files.write(dir.resolve("good.sif"), good);
        Files.write(dir.resolve("plain.sif"), TestImages.sif(25_000));

        long execution = api.postJson("api/admin/jobs/import-directory", "{\"directory\":\"" + dir + "\",\"entity\":\""
                + entity + "\",\"collection\":\"coll\",\"tag\":\"v1\"}").expect(202).data().getJsonNumber("executionId").longValue();
        JsonObject run = api.get("api/admin/jobs/" + execution).expect(200).data();
        for (int i = 0; i < 360 && !Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED").contains(run.getString("status")); i++) {
            Thread.sleep(250);
            run = api.get("api/admin/jobs/" + execution).expect(200).data();
        }
        assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.getString("summary")).isEqualTo("IMPORTED 1 images, 0 already there (re-tagged), 1 files skipped");
        assertThat(run.getJsonArray("steps").getJsonObject(0).getJsonObject("report").getJsonArray("skipped")
                .getValuesAs(jakarta.json.JsonString::getString)).containsExactly("plain.sif: collection " + entity
                        + "/coll requires images signed by one of its listed keys; this image is unsigned");
        assertThat(library.pull(entity + "/coll/good:v1", "amd64")).isEqualTo(good);
        api.get("v1/images/" + entity + "/coll/plain:v1?arch=amd64").expect(404);
    }

    /** Announces and uploads {@code bytes} to {@code entity/coll/container}; answers the completion's reply. */
    private ApiClient.Reply upload(String entity, String container, byte[] bytes) {
        LibraryClient.ContainerIds ids = library.ensureContainer(entity, "coll", container);
        String imageId = library.announce(entity + "/coll/" + container, ids.containerId(), bytes, "amd64").getString("id");
        library.putBytes(library.startUpload(imageId, bytes), bytes).expect(200);
        return api.putJson("v2/imagefile/" + imageId + "/_complete", "{}");
    }

    private ApiClient user(String name) {
        api.postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "-123456\"}").expect(201);
        return api.withToken(api.postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201)
                .data().getString("token"));
    }

    private static void pushKey(ApiClient who, String name) throws IOException {
        who.send("POST", "pks/add", BodyPublishers.ofString("keytext=" + URLEncoder.encode(
                Files.readString(dir.resolve(name + ".pub.asc")), StandardCharsets.UTF_8)),
                "Content-Type", "application/x-www-form-urlencoded").expect(200);
    }

    private JsonObject image(Pushed pushed, String tag) {
        return api.get("v1/images/" + pushed.ref(tag) + "?arch=amd64").expect(200).data();
    }

    private List<String> signedSearch(String value) {
        return api.get("v1/search?value=" + value + "&signed=true").expect(200).data().getJsonArray("image")
                .getValuesAs(JsonObject.class).stream().map(i -> i.getString("id")).toList();
    }

    private static String keygen(String name) throws Exception {
        String out = run(Map.of(), libclient, "keygen", name, name + "@example.org", dir.resolve(name).toString(), "2048");
        Matcher m = Pattern.compile("fingerprint=([0-9A-F]{40})").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return m.group(1);
    }

    private static byte[] signedSif(String seed, String signer) throws Exception {
        Path file = dir.resolve(seed + ".sif");
        run(Map.of("SIF_GROUP", "1"), mksif.toString(), file.toString(), "1M", seed);
        run(Map.of(), libclient, "sign", file.toString(), dir.resolve(signer + ".sec.asc").toString());
        return Files.readAllBytes(file);
    }

    private static String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
