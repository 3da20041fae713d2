package org.sregistry.it.sif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
 * SIF metadata on arrival: images built by {@code siftool} (the reference tool) are pushed through
 * the library API, single and multipart; what their SIF files declare comes back in the image
 * JSON, their architecture becomes the image's, and bytes that are not a SIF never become visible.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SifMetadataIT {

    private static final int PART = Integer.getInteger("it.upload.part-size", 1 << 20);
    private static final String FINGERPRINT = "433FE984155206BD962725E20E8713472A879943";
    private static final String DEFFILE = "Bootstrap: docker\nFrom: alpine:3.20\n\n%post\n    apk add python3\n";

    @TempDir
    static Path dir;

    static Path deffile;

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient api;
    LibraryClient library;

    @BeforeAll
    static void sources() throws IOException {
        assumeTrue(siftoolWorks(), "siftool is not installed (Debian package siftool)");
        deffile = Files.writeString(dir.resolve("recipe.def"), DEFFILE);
    }

    @BeforeEach
    void connect() {
        api = ApiClient.of(deployed, ApiClient.adminToken());
        library = new LibraryClient(api);
    }

    @Test
    void whatTheSifDeclaresComesBackWithTheImage() throws Exception {
        String labelValue = unique("labelled"); // unique, so label search finds exactly this image
        byte[] bytes = sif("full", "amd64", 20_000, labelValue, true);
        Pushed pushed = library.push(unique("ent"), "coll", "meta", bytes, "amd64", "latest");

        JsonObject image = api.get("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(200).data();

        assertThat(image.getString("arch")).isEqualTo("amd64");
        JsonObject sif = image.getJsonObject("sif");
        assertThat(sif.getString("version")).isEqualTo("01");
        assertThat(sif.getString("primaryArch")).isEqualTo("amd64");
        assertThat(sif.getString("deffile")).isEqualTo(DEFFILE);
        assertThat(sif.getJsonObject("labels")).containsOnlyKeys("maintainer", "org.sregistry.test");
        assertThat(sif.getJsonObject("labels").getString("org.sregistry.test")).isEqualTo(labelValue);
        JsonObject partition = sif.getJsonArray("partitions").getJsonObject(0);
        assertThat(sif.getJsonArray("partitions")).hasSize(1);
        assertThat(partition.getString("type")).isEqualTo("primsys");
        assertThat(partition.getString("fs")).isEqualTo("squashfs");
        assertThat(partition.getString("arch")).isEqualTo("amd64");
        assertThat(partition.getJsonNumber("size").longValue()).isEqualTo(20_000);
        JsonObject signatures = sif.getJsonObject("signatures");
        assertThat(signatures.getInt("count")).isEqualTo(1);
        assertThat(signatures.getJsonArray("objects").getJsonObject(0).getString("fingerprint")).isEqualTo(FINGERPRINT);
        assertThat(signatures.getJsonArray("objects").getJsonObject(0).getString("hashType")).isEqualTo("sha256");
        assertThat(sif.getJsonArray("sboms").getJsonObject(0).getString("format")).isEqualTo("spdx-json");
        assertThat(sif.getJsonArray("objects").getValuesAs(JsonObject.class)).extracting(o -> o.getString("type"))
                .containsExactly("deffile", "labels", "partition", "signature", "sbom");

        // the same view by hash (from the node's cache now), and in search results found by a label value
        assertThat(api.get("v1/images/" + pushed.path() + ":" + pushed.hashRef()).expect(200).data()
                .getJsonObject("sif")).isEqualTo(sif);
        List<JsonObject> found = api.get("v1/search?value=" + labelValue).expect(200).data().getJsonArray("image")
                .getValuesAs(JsonObject.class);
        assertThat(found).extracting(i -> i.getString("id")).containsExactly(pushed.imageId());

        // deleting the image takes its metadata with it
        api.delete("v1/images/" + pushed.ref("latest") + "?arch=amd64").expect(200);
        assertThat(api.get("v1/search?value=" + labelValue).expect(200).data().getJsonArray("image")).isEmpty();
    }

    @Test
    void searchFindsAnyPartOfLongLabelsEvenBeyondWhatTheIndexKeys() throws Exception {
        // 200 labels of 40 random letters: more keys than the search index keeps for one image
        // (SearchKeys.MAX), so search checks this image's text itself; the last label is found.
        Random random = new Random();
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < 200; i++) {
            labels.put("note.%03d".formatted(i), random.ints(40, 'a', 'z' + 1).mapToObj(Character::toString)
                    .collect(Collectors.joining()));
        }
        String tail = unique("tail");
        labels.put("zz.last", "Built By " + tail + " From The Long Recipe");
        Pushed pushed = library.push(unique("ent"), "coll", "long", sifWithLabels("long", "amd64", 20_000, labels, false),
                "amd64", "latest");

        // a value longer than one key (20 characters), in other case than the label's
        for (String value : List.of(tail.toUpperCase(Locale.ROOT), "by " + tail + " from the long", labels.get("note.107"))) {
            assertThat(api.get("v1/search?value=" + encode(value)).expect(200).data().getJsonArray("image")
                    .getValuesAs(JsonObject.class)).as(value).extracting(i -> i.getString("id")).containsExactly(pushed.imageId());
        }
        // the same first 20 characters, then different ones: no match
        assertThat(api.get("v1/search?value=" + encode("by " + tail + " from the short")).expect(200).data()
                .getJsonArray("image")).isEmpty();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void theSifArchitectureIsTheImagesAndAContradictingTagIsRefused() throws Exception {
        byte[] bytes = sif("arm", "arm64", 5_000, null, false);
        String entity = unique("ent");
        LibraryClient.ContainerIds ids = library.ensureContainer(entity, "coll", "multi");
        String path = entity + "/coll/multi";
        String imageId = library.announce(path, ids.containerId(), bytes, "arm64").getString("id");
        library.uploadV2(imageId, bytes);

        JsonObject image = api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes)).expect(200).data();
        assertThat(image.getString("arch")).isEqualTo("arm64");
        assertThat(image.getJsonObject("sif").getJsonObject("labels")).isEmpty();
        assertThat(image.getJsonObject("sif").get("deffile")).isIn(null, JsonValue.NULL);

        assertThat(api.postJson("v2/tags/" + ids.containerId(), LibraryClient.archTagJson("amd64", "latest", imageId))
                .expect(400).errorMessage()).contains("is for arm64, not amd64");
        library.tag(ids.containerId(), "arm64", "latest", imageId);
        assertThat(api.get("v1/images/" + path + ":latest?arch=arm64").expect(200).data().getString("id"))
                .isEqualTo(imageId);
        api.get("v1/images/" + path + ":latest?arch=amd64").expect(404);
    }

    @Test
    void aMultipartUploadIsReadToo() throws Exception {
        byte[] bytes = sif("big", "amd64", 2 * PART + PART / 2, unique("big"), false);
        String entity = unique("ent");
        LibraryClient.ContainerIds ids = library.ensureContainer(entity, "coll", "big");
        String path = entity + "/coll/big";
        String imageId = library.announce(path, ids.containerId(), bytes, "amd64").getString("id");
        // announced, not uploaded: no SIF view yet, and none remembered for later
        assertThat(api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes)).expect(200).data().get("sif"))
                .isIn(null, JsonValue.NULL);

        LibraryClient.Multipart upload = library.startMultipart(imageId, bytes);
        assertThat(upload.totalParts()).isGreaterThan(1);
        library.completeMultipart(upload, sendAll(upload)).expect(200);

        JsonObject sif = api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes)).expect(200).data()
                .getJsonObject("sif");
        assertThat(sif.getString("deffile")).isEqualTo(DEFFILE);
        assertThat(sif.getJsonObject("labels").getString("maintainer")).isEqualTo("Research Computing");
    }

    @Test
    void bytesThatAreNotASifNeverBecomeVisible() {
        String entity = unique("ent");
        LibraryClient.ContainerIds ids = library.ensureContainer(entity, "coll", "junk");
        String path = entity + "/coll/junk";

        // v2 single upload: the transfer succeeds (the bytes match their hash), completion refuses
        byte[] junk = random(50_000);
        String single = library.announce(path, ids.containerId(), junk, "amd64").getString("id");
        library.putBytes(library.startUpload(single, junk), junk).expect(200);
        assertThat(api.putJson("v2/imagefile/" + single + "/_complete", "{}").expect(400).errorMessage())
                .startsWith("not a valid SIF image: ").contains("SIF_MAGIC");
        assertNotUploaded(path, junk);
        api.putJson("v2/imagefile/" + single + "/_complete", "{}").expect(400);
        api.get("v1/imagefile/" + path + ":" + TestImages.hashRef(junk) + "?arch=amd64").expect(404);

        // multipart: refused at completion, the upload aborted
        byte[] large = random(2 * PART + 10);
        String multi = library.announce(path, ids.containerId(), large, "amd64").getString("id");
        LibraryClient.Multipart upload = library.startMultipart(multi, large);
        assertThat(library.completeMultipart(upload, sendAll(upload)).expect(400).errorMessage())
                .startsWith("not a valid SIF image: ");
        assertNotUploaded(path, large);

        // legacy one-request upload
        byte[] legacy = random(3_000);
        String old = library.announce(path, ids.containerId(), legacy, "").getString("id");
        assertThat(api.send("POST", "v1/imagefile/" + old, BodyPublishers.ofByteArray(legacy)).expect(400)
                .errorMessage()).startsWith("not a valid SIF image: ");
        assertNotUploaded(path, legacy);

        // a SIF whose partition claims more bytes than the file has
        byte[] hostile = TestImages.sif(4_000);
        java.nio.ByteBuffer.wrap(hostile).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(128 + 25, 1L << 40);
        String bad = library.announce(path, ids.containerId(), hostile, "amd64").getString("id");
        library.putBytes(library.startUpload(bad, hostile), hostile).expect(200);
        assertThat(api.putJson("v2/imagefile/" + bad + "/_complete", "{}").expect(400).errorMessage())
                .contains("does not lie within the file");
        assertNotUploaded(path, hostile);
        api.postJson("v2/tags/" + ids.containerId(), LibraryClient.archTagJson("amd64", "latest", bad)).expect(409);
    }

    private void assertNotUploaded(String path, byte[] bytes) {
        assertThat(api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes)).expect(200).data()
                .getBoolean("uploaded")).isFalse();
    }

    private Map<Integer, String> sendAll(LibraryClient.Multipart upload) {
        Map<Integer, String> tokens = new TreeMap<>();
        for (int n = 1; n <= upload.totalParts(); n++) {
            tokens.put(n, library.sendPart(upload, n));
        }
        return tokens;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random().nextBytes(bytes);
        return bytes;
    }

    /**
     * A SIF built by siftool with a primary partition of random bytes, with {@link #DEFFILE} and
     * labels when {@code labelValue} is given, and a signature and an SBOM object on request.
     */
    private static byte[] sif(String name, String arch, int partitionSize, String labelValue, boolean withSignature)
            throws Exception {
        return sifWithLabels(name, arch, partitionSize, labelValue == null ? null
                : Map.of("maintainer", "Research Computing", "org.sregistry.test", labelValue), withSignature);
    }

    /** {@link #sif(String, String, int, String, boolean)} with these labels (none when null). */
    private static byte[] sifWithLabels(String name, String arch, int partitionSize, Map<String, String> labelValues,
            boolean withSignature)
            throws Exception {
        Path sif = dir.resolve(name + "-" + unique("f") + ".sif");
        Path rootfs = Files.write(dir.resolve(name + ".img"), random(partitionSize));
        String archCode = String.valueOf(List.of("386", "amd64", "arm", "arm64").indexOf(arch) + 1);
        siftool("new", sif.toString());
        if (labelValues != null) {
            JsonObjectBuilder json = Json.createObjectBuilder();
            labelValues.forEach(json::add);
            Path labels = Files.writeString(dir.resolve(name + "-labels.json"), json.build().toString());
            siftool("add", "--datatype", "1", sif.toString(), deffile.toString());
            siftool("add", "--datatype", "3", sif.toString(), labels.toString());
        }
        siftool("add", sif.toString(), rootfs.toString(), "--datatype", "4", "--parttype", "2", "--partfs", "1",
                "--partarch", archCode, "--groupid", "1", "--filename", "rootfs.squashfs");
        if (withSignature) {
            Path signature = Files.writeString(dir.resolve("sig.asc"), "-----BEGIN PGP SIGNATURE-----\n");
            Path sbom = Files.writeString(dir.resolve("sbom.json"), "{\"spdxVersion\":\"SPDX-2.3\"}");
            siftool("add", "--datatype", "5", sif.toString(), signature.toString(), "--signentity", FINGERPRINT,
                    "--signhash", "1", "--link", "1");
            siftool("add", "--datatype", "9", sif.toString(), sbom.toString(), "--sbomformat", "spdx-json");
        }
        return Files.readAllBytes(sif);
    }

    private static boolean siftoolWorks() {
        try {
            return new ProcessBuilder("siftool", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void siftool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("siftool"));
        command.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
