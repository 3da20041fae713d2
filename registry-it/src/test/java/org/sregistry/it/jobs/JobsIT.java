package org.sregistry.it.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.sregistry.it.TestImages.sha256;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
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
 * The batch jobs through the admin API, against the deployed registry and its storage folder (the
 * IT data dir's {@code storage/}): storage-cleanup frees exactly the garbage, storage-verify stops
 * pulls of damaged bytes, import-directory brings a folder of SIFs in once, import-library mirrors
 * from another library server (this deployment, addressed by its URL) once, verified; a collection
 * bundle exported over HTTP comes back in through import-bundle, once, verified.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class JobsIT {

    private static final Duration DEADLINE = Duration.ofSeconds(90);
    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient api;
    LibraryClient library;
    Path storage;

    @BeforeEach
    void connect() {
        api = ApiClient.of(deployed, ApiClient.adminToken());
        library = new LibraryClient(api);
        storage = Path.of(System.getProperty("it.data.dir")).toAbsolutePath().resolve("storage");
    }

    // ---- storage-cleanup --------------------------------------------------------------------------

    @Test
    void cleanupDryRunReportsTheOldOrphanAndTheRealRunDeletesExactlyIt() throws IOException {
        Pushed used = library.pushNew(unique("clean"), 3000);
        Path usedFile = blobFile(sha256(used.bytes()));
        Files.setLastModifiedTime(usedFile, hoursAgo(3));
        byte[] oldBytes = sif(2048);
        Path oldOrphan = plant(oldBytes, hoursAgo(2));
        Path youngOrphan = plant(sif(1024), FileTime.from(Instant.now()));

        JsonObject dry = awaitReported(start("storage-cleanup", "{\"dryRun\":true}"));

        JsonObject dryReport = report(dry);
        assertThat(dry.getString("status")).isEqualTo("COMPLETED");
        assertThat(dry.getString("summary")).startsWith("DRY RUN: would free ");
        assertThat(dryReport.getBoolean("dryRun")).isTrue();
        assertThat(digests(dryReport)).contains(sha256(oldBytes))
                .doesNotContain(sha256(used.bytes()), youngOrphan.getFileName().toString());
        assertThat(dryReport.getJsonNumber("bytes").longValue()).isGreaterThanOrEqualTo(oldBytes.length);
        assertThat(oldOrphan).as("a dry run deletes nothing").exists();

        JsonObject real = awaitReported(start("storage-cleanup", "{}"));

        JsonObject realReport = report(real);
        assertThat(real.getString("status")).isEqualTo("COMPLETED");
        assertThat(real.getString("summary")).startsWith("FREED ");
        assertThat(realReport.getBoolean("dryRun")).isFalse();
        assertThat(digests(realReport)).contains(sha256(oldBytes)).doesNotContain(sha256(used.bytes()));
        assertThat(oldOrphan).doesNotExist();
        assertThat(youngOrphan).as("younger than registry.cleanup.protect").exists();
        assertThat(usedFile).exists();
        assertThat(library.pull(used.ref("latest"), "amd64")).isEqualTo(used.bytes());
    }

    // ---- storage-verify ---------------------------------------------------------------------------

    @Test
    void verifyMarksADamagedBlobAndItsImageThenRefusesPullsClearly() throws IOException {
        Pushed damaged = library.pushNew(unique("verify"), 4000);
        Pushed intact = library.pushNew(unique("verify"), 4000);
        byte[] flipped = damaged.bytes().clone();
        flipped[flipped.length - 1] ^= 0x5a;
        Files.write(blobFile(sha256(damaged.bytes())), flipped);

        JsonObject run = awaitFinished(start("storage-verify", "{}"));

        assertThat(run.getString("status")).isEqualTo("COMPLETED");
        assertThat(run.getString("summary")).matches("VERIFIED \\d+ blobs, [1-9]\\d* damaged");
        JsonObject step = run.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getJsonObject("metrics").getJsonNumber("read_count").longValue()).isGreaterThanOrEqualTo(2);
        assertThat(step.getJsonObject("report").getJsonArray("damaged").getValuesAs(JsonString::getString))
                .contains(sha256(damaged.bytes()) + ": the content hashes to " + sha256(flipped))
                .noneMatch(d -> d.startsWith(sha256(intact.bytes())));

        ApiClient.Reply pull = api.get("v1/imagefile/" + damaged.ref("latest") + "?arch=amd64").expect(503);
        assertThat(pull.errorMessage()).contains("unavailable").contains("failed verification");
        assertThat(library.pull(intact.ref("latest"), "amd64")).isEqualTo(intact.bytes());
    }

    // ---- import-directory -------------------------------------------------------------------------

    @Test
    void importBringsEverySifOfADirectoryInOnceAndSkipsTheRest() throws Exception {
        String entity = unique("imp");
        library.entity(entity);
        Path dir = Files.createDirectories(storage.resolveSibling(unique("import")));
        Path alpha = mksif(dir.resolve("Alpha Tool.sif"), "alpha");
        Path beta = mksif(dir.resolve("beta.sif"), "beta");
        Path gamma = mksif(dir.resolve("gamma_v1.SIF"), "gamma");
        Files.copy(beta, dir.resolve("copy-of-beta.sif"));
        Files.writeString(dir.resolve("readme.sif"), "not an image\n".repeat(10));
        Files.writeString(dir.resolve("notes.txt"), "ignored: not *.sif");
        String parameters = "{\"directory\":\"" + dir + "\",\"entity\":\"" + entity
                + "\",\"collection\":\"imported\",\"tag\":\"v1\"}";

        JsonObject run = awaitFinished(start("import-directory", parameters));

        assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.getString("summary")).isEqualTo("IMPORTED 4 images, 0 already there (re-tagged), 1 files skipped");
        JsonObject step = run.getJsonArray("steps").getJsonObject(0);
        JsonObject metrics = step.getJsonObject("metrics");
        assertThat(metrics.getJsonNumber("read_count").longValue()).isEqualTo(5);
        assertThat(metrics.getJsonNumber("write_count").longValue()).isEqualTo(4);
        assertThat(metrics.getJsonNumber("process_skip_count").longValue()).isEqualTo(1);
        assertThat(step.getJsonObject("report").getJsonArray("skipped").getValuesAs(JsonString::getString))
                .containsExactly("readme.sif: not a SIF file: no SIF_MAGIC at offset 32");
        Map<String, Path> containers = new LinkedHashMap<>();
        containers.put("alpha-tool", alpha);
        containers.put("beta", beta);
        containers.put("gamma_v1", gamma);
        containers.put("copy-of-beta", beta);
        for (Map.Entry<String, Path> c : containers.entrySet()) {
            byte[] pulled = library.pull(entity + "/imported/" + c.getKey() + ":v1", "amd64");
            assertThat(sha256(pulled)).as(c.getKey()).isEqualTo(sha256(Files.readAllBytes(c.getValue())));
        }

        JsonObject again = awaitFinished(start("import-directory", parameters));

        assertThat(again.getString("summary")).as("idempotent")
                .isEqualTo("IMPORTED 0 images, 4 already there (re-tagged), 1 files skipped");
    }

    @Test
    void aFailedImportRestartsFromItsCheckpointAndImportsNothingTwice() throws Exception {
        String entity = unique("quota");
        library.entity(entity);
        Path dir = Files.createDirectories(storage.resolveSibling(unique("import")));
        List<Path> files = List.of(mksif(dir.resolve("a.sif"), "a"), mksif(dir.resolve("b.sif"), "b"),
                mksif(dir.resolve("c.sif"), "c"));
        api.putJson("api/admin/entities/" + entity + "/quota", "{\"quotaBytes\":50000}").expect(200);

        long failed = start("import-directory", "{\"directory\":\"" + dir + "\",\"entity\":\"" + entity
                + "\",\"collection\":\"c\"}");
        assertThat(awaitFinished(failed).getString("status")).as("b.sif exceeds the quota").isEqualTo("FAILED");
        api.putJson("api/admin/entities/" + entity + "/quota", "{\"quotaBytes\":null}").expect(200);

        JsonObject restart = api.postJson("api/admin/jobs/" + failed + "/restart", "").expect(202).data();
        JsonObject run = awaitFinished(restart.getJsonNumber("executionId").longValue());

        assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.getString("summary")).as("a.sif was in before the failure: only re-tagged")
                .isEqualTo("IMPORTED 2 images, 1 already there (re-tagged), 0 files skipped");
        for (Path file : files) {
            String container = file.getFileName().toString().replace(".sif", "");
            assertThat(sha256(library.pull(entity + "/c/" + container + ":latest", "amd64")))
                    .isEqualTo(sha256(Files.readAllBytes(file)));
        }
        api.postJson("api/admin/jobs/" + failed + "/restart", "").expect(409);
    }

    // ---- import-library ---------------------------------------------------------------------------
    // The source is this same deployment, addressed as another server would be (its URL on 127.0.0.1).

    @Test
    void importLibraryMirrorsRefsVerifiedByteForByteOnceAndSkipsAMissingRefWithTheReason() {
        String from = unique("src");
        String to = unique("dst");
        Pushed one = library.push(from, "tools", "one", sif(3000), "amd64", "v1");
        Pushed two = library.push(from, "tools", "two", sif(5000), "amd64", "latest", "stable");
        library.entity(to);
        String refs = from + "/tools/one:v1, " + from + "/tools/two:stable\\n" + from + "/tools/missing:v9";
        String parameters = "{\"source\":\"" + source() + "\",\"refs\":\"" + refs + "\",\"entity\":\"" + to
                + "\",\"collection\":\"mirrored\"}";

        JsonObject run = awaitFinished(start("import-library", parameters));

        assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPLETED");
        long bytes = one.bytes().length + two.bytes().length;
        assertThat(run.getString("summary")).isEqualTo("MIRRORED 2 images (" + bytes + " bytes), 0 already present, 1 skipped");
        JsonObject step = run.getJsonArray("steps").getJsonObject(0);
        assertThat(step.getJsonObject("metrics").getJsonNumber("read_count").longValue()).isEqualTo(3);
        assertThat(step.getJsonObject("metrics").getJsonNumber("process_skip_count").longValue()).isEqualTo(1);
        JsonObject report = step.getJsonObject("report");
        assertThat(report.getInt("imported")).isEqualTo(2);
        assertThat(report.getJsonNumber("bytes").longValue()).isEqualTo(bytes);
        assertThat(report.getJsonArray("skipped").getValuesAs(JsonString::getString)).singleElement().asString()
                .startsWith(from + "/tools/missing:v9: ").contains("not found on the source");
        assertThat(library.pull(to + "/mirrored/one:v1", "amd64")).isEqualTo(one.bytes());
        assertThat(library.pull(to + "/mirrored/two:stable", "amd64")).isEqualTo(two.bytes());
        JsonObject mirrored = api.get("v1/images/" + to + "/mirrored/two:stable?arch=amd64").expect(200).data();
        assertThat(mirrored.getString("hash")).isEqualTo("sha256." + sha256(two.bytes()));
        assertThat(mirrored.getString("arch")).as("SIF metadata read on import").isEqualTo("amd64");
        assertThat(api.get("v1/images/" + to + "/mirrored/two:latest?arch=amd64").status())
                .as("only the refs given").isEqualTo(404);

        JsonObject again = awaitFinished(start("import-library", parameters));

        assertThat(again.getString("status")).isEqualTo("COMPLETED");
        assertThat(again.getString("summary")).as("nothing imported twice")
                .isEqualTo("MIRRORED 0 images (0 bytes), 2 already present, 1 skipped");
    }

    @Test
    void importLibrarySkipsAnImageWhoseBytesDoNotHashAsDeclaredAndStoresNothing() throws IOException {
        String from = unique("rot");
        String to = unique("dst");
        Pushed damaged = library.push(from, "c", "bad", sif(3000), "amd64", "latest");
        Path blob = blobFile(sha256(damaged.bytes()));
        byte[] flipped = damaged.bytes().clone();
        flipped[flipped.length - 1] ^= 0x5a;
        Files.write(blob, flipped); // the source now serves other bytes than the hash it declares
        library.entity(to);
        try {
            JsonObject run = awaitReported(start("import-library", "{\"source\":\"" + source() + "\",\"refs\":\""
                    + from + "/c/bad:latest\",\"entity\":\"" + to + "\"}"));

            assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPLETED");
            assertThat(run.getString("summary")).isEqualTo("MIRRORED 0 images (0 bytes), 0 already present, 1 skipped");
            assertThat(report(run).getJsonArray("skipped").getValuesAs(JsonString::getString)).singleElement().asString()
                    .startsWith(from + "/c/bad:latest: sha256 mismatch")
                    .contains("sha256." + sha256(damaged.bytes()), "sha256." + sha256(flipped));
            assertThat(blobFile(sha256(flipped))).as("nothing stored").doesNotExist();
            api.get("v1/images/" + to + "/c/bad:latest?arch=amd64").expect(404);
        } finally {
            Files.write(blob, damaged.bytes());
        }
    }

    @Test
    void importLibraryMirrorsAWholePrivateCollectionOnlyWithASourceTokenThatNoReportShows() {
        String from = unique("priv");
        String to = unique("dst");
        library.collection(from, library.entity(from), "secret", true);
        Pushed a = library.push(from, "secret", "a", sif(2000), "amd64", "v1", "latest");
        Pushed b = library.push(from, "secret", "b", sif(2500), "amd64");
        library.entity(to);
        String token = ApiClient.adminToken();
        String anonymous = "{\"source\":\"" + source() + "\",\"sourceCollection\":\"" + from + "/secret\",\"entity\":\""
                + to + "\"}";

        long refusedId = start("import-library", anonymous);
        JsonObject refused = awaitFinished(refusedId);

        assertThat(refused.getString("status")).as("a private collection is invisible without the token").isEqualTo("FAILED");
        assertThat(refused.getString("summary")).contains(from + "/secret").contains("not found on the source");
        assertThat(api.postJson("api/admin/jobs/" + refusedId + "/restart", "{\"refs\":\"x/y/z\"}").expect(400)
                .errorMessage()).contains("sourceToken");

        // the failed run restarted with the token it lacked
        JsonObject restarted = api.postJson("api/admin/jobs/" + refusedId + "/restart", "{\"sourceToken\":\"" + token + "\"}")
                .expect(202).data();
        JsonObject run = awaitFinished(restarted.getJsonNumber("executionId").longValue());

        assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPLETED");
        assertThat(run.getString("summary")).as("a:v1, a:latest and b:latest; a's bytes once")
                .isEqualTo("MIRRORED 2 images (" + (a.bytes().length + b.bytes().length) + " bytes), 1 already present, 0 skipped");
        assertThat(library.pull(to + "/secret/a:v1", "amd64")).isEqualTo(a.bytes());
        assertThat(library.pull(to + "/secret/a:latest", "amd64")).isEqualTo(a.bytes());
        assertThat(library.pull(to + "/secret/b:latest", "amd64")).isEqualTo(b.bytes());
        assertThat(api.anonymous().get("v1/collections/" + to + "/secret").status())
                .as("the mirror of a private collection is private").isEqualTo(404);
        assertThat(run.toString()).doesNotContain(token);
        assertThat(run.getJsonObject("parameters").containsKey("sourceToken")).isFalse();
        String history = api.get("api/admin/jobs").expect(200).text();
        assertThat(history).doesNotContain(token);

        JsonObject again = awaitFinished(start("import-library", anonymous.replace("}", ",\"sourceToken\":\"" + token + "\"}")));

        assertThat(again.getString("summary")).isEqualTo("MIRRORED 0 images (0 bytes), 3 already present, 0 skipped");
        assertThat(again.toString()).doesNotContain(token);
    }

    @Test
    void importLibraryStartsOnlyWithAUsableSourceAndClearRefs() {
        String refs = ",\"refs\":\"admin/c/x:latest\"}";
        assertThat(api.postJson("api/admin/jobs/import-library", "{\"source\":\"ftp://example.org\"" + refs)
                .expect(400).errorMessage()).contains("http:// or https://");
        assertThat(api.postJson("api/admin/jobs/import-library", "{\"source\":\"not a url\"" + refs)
                .expect(400).errorMessage()).contains("not a URL");
        assertThat(api.postJson("api/admin/jobs/import-library", "{\"source\":\"http://user:pw@127.0.0.1/\"" + refs)
                .expect(400).errorMessage()).contains("credentials");
        assertThat(api.postJson("api/admin/jobs/import-library", "{\"source\":\"http://127.0.0.1:1\"" + refs)
                .expect(400).errorMessage()).contains("does not answer as a library API server").contains("cannot reach");
        assertThat(api.postJson("api/admin/jobs/import-library", "{\"source\":\"" + source() + "\"}")
                .expect(400).errorMessage()).contains("refs").contains("sourceCollection");
        assertThat(api.postJson("api/admin/jobs/import-library", "{\"source\":\"" + source()
                + "\",\"refs\":\"only/two\"}").expect(400).errorMessage()).contains("only/two");
        assertThat(api.postJson("api/admin/jobs/import-library", "{\"source\":\"" + source()
                + "\",\"sourceCollection\":\"x\"}").expect(400).errorMessage()).contains("entity/collection");
    }

    // ---- collection bundles: export over HTTP, import-bundle ---------------------------------------

    @Test
    void aBundleOfAPrivateCollectionRestoresElsewhereByteForByteOnceAndSkipsATamperedImage() throws IOException {
        String from = unique("bsrc");
        String to = unique("bdst");
        library.collection(from, library.entity(from), "kit", true);
        Pushed a = library.push(from, "kit", "a", sif(3000), "amd64", "v1", "latest");
        Pushed b = library.push(from, "kit", "b", sif(4000), "amd64", "stable");
        Pushed old = library.push(from, "kit", "b", sif(4500), "amd64", "old");
        Pushed same = library.push(from, "kit", "c", a.bytes(), "amd64", "same");
        ApiClient outsider = user(unique("outsider"));

        outsider.get("api/collections/" + from + "/kit/bundle").expect(404);
        ApiClient.Reply export = api.get("api/collections/" + from + "/kit/bundle").expect(200);

        assertThat(export.header("Content-Type")).get().asString().startsWith("application/zip");
        assertThat(export.header("Content-Disposition")).get().asString()
                .startsWith("attachment; filename=\"" + from + "-kit-").endsWith(".bundle.zip\"");
        Path bundle = storage.resolveSibling(unique("bundle") + ".zip");
        Files.write(bundle, export.body());
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(bundle.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(e.getName().endsWith(".sif") ? ZipEntry.STORED : ZipEntry.DEFLATED);
                entries.put(e.getName(), zip.getInputStream(e).readAllBytes());
            }
        }
        // the manifest first (a reader learns what follows before the bytes), then each distinct image
        // once, in whatever order the export walks the containers
        assertThat(entries.keySet().iterator().next()).isEqualTo("manifest.json");
        assertThat(entries.keySet()).as("each distinct image once").containsExactlyInAnyOrder("manifest.json",
                "images/" + sha256(a.bytes()) + ".sif", "images/" + sha256(b.bytes()) + ".sif",
                "images/" + sha256(old.bytes()) + ".sif");
        assertThat(entries.get("images/" + sha256(old.bytes()) + ".sif")).isEqualTo(old.bytes());
        JsonObject manifest = Json.createReader(new java.io.ByteArrayInputStream(entries.get("manifest.json"))).readObject();
        assertThat(manifest.getInt("formatVersion")).isEqualTo(1);
        assertThat(manifest.getString("sourceUrl")).isEqualTo(source());
        JsonObject collection = manifest.getJsonObject("collection");
        assertThat(collection.getString("name")).isEqualTo("kit");
        assertThat(collection.getBoolean("private")).isTrue();
        assertThat(collection.getJsonArray("containers").getValuesAs(JsonObject.class).stream().map(c -> c.getString("name")))
                .containsExactly("a", "b", "c");
        JsonObject imageA = collection.getJsonArray("containers").getJsonObject(0).getJsonArray("images").getJsonObject(0);
        assertThat(imageA.getString("sha256")).isEqualTo(sha256(a.bytes()));
        assertThat(imageA.getJsonNumber("size").longValue()).isEqualTo(a.bytes().length);
        assertThat(imageA.getString("arch")).isEqualTo("amd64");
        assertThat(imageA.getJsonArray("tags").getValuesAs(JsonString::getString)).containsExactly("latest", "v1");
        library.entity(to);
        String parameters = "{\"bundle\":\"" + bundle + "\",\"entity\":\"" + to + "\"}";

        JsonObject run = awaitFinished(start("import-bundle", parameters));

        assertThat(run.getString("status")).as(run.toString()).isEqualTo("COMPLETED");
        long bytes = 2L * a.bytes().length + b.bytes().length + old.bytes().length;
        assertThat(run.getString("summary")).isEqualTo("IMPORTED 4 images (" + bytes + " bytes, 5 tags), 0 already present, 0 skipped");
        Map<String, byte[]> tags = new LinkedHashMap<>();
        tags.put("a:v1", a.bytes());
        tags.put("a:latest", a.bytes());
        tags.put("b:stable", b.bytes());
        tags.put("b:old", old.bytes());
        tags.put("c:same", same.bytes());
        for (Map.Entry<String, byte[]> tag : tags.entrySet()) {
            assertThat(library.pull(to + "/kit/" + tag.getKey(), "amd64")).as(tag.getKey()).isEqualTo(tag.getValue());
        }
        assertThat(api.get("v1/collections/" + to + "/kit").expect(200).data().getBoolean("private"))
                .as("the private flag travels").isTrue();
        assertThat(api.anonymous().get("v1/collections/" + to + "/kit").status()).isEqualTo(404);

        JsonObject again = awaitFinished(start("import-bundle", parameters));

        assertThat(again.getString("summary")).as("nothing imported twice")
                .isEqualTo("IMPORTED 0 images (0 bytes, 0 tags), 4 already present, 0 skipped");

        // one byte of b's SIF entry flipped in place: the ZIP still opens, the sha256 no longer matches
        byte[] zipped = Files.readAllBytes(bundle);
        int at = indexOf(zipped, b.bytes());
        assertThat(at).as("b's bytes are STORED as they are").isPositive();
        zipped[at + b.bytes().length - 1] ^= 0x5a;
        byte[] flipped = b.bytes().clone();
        flipped[flipped.length - 1] ^= 0x5a;
        Path tampered = storage.resolveSibling(unique("tampered") + ".zip");
        Files.write(tampered, zipped);
        String third = unique("btmp");
        library.entity(third);

        JsonObject damaged = awaitReported(start("import-bundle", "{\"bundle\":\"" + tampered + "\",\"entity\":\"" + third
                + "\",\"collection\":\"restored\"}"));

        assertThat(damaged.getString("status")).as(damaged.toString()).isEqualTo("COMPLETED");
        assertThat(damaged.getString("summary")).isEqualTo("IMPORTED 3 images (" + (2L * a.bytes().length + old.bytes().length)
                + " bytes, 4 tags), 0 already present, 1 skipped");
        assertThat(report(damaged).getJsonArray("skipped").getValuesAs(JsonString::getString)).singleElement().asString()
                .startsWith("b@sha256." + sha256(b.bytes()) + ": sha256 mismatch").contains("sha256." + sha256(flipped));
        assertThat(blobFile(sha256(flipped))).as("nothing stored").doesNotExist();
        api.get("v1/images/" + third + "/restored/b:stable?arch=amd64").expect(404);
        assertThat(library.pull(third + "/restored/b:old", "amd64")).isEqualTo(old.bytes());
    }

    @Test
    void aBundleMeetingDamagedBytesBreaksTheTransferMarksTheBlobAndAfterwardsAnswersAnErrorBeforeStreaming()
            throws IOException {
        String from = unique("bdmg");
        library.collection(from, library.entity(from), "kit", false);
        // a comes first in the bundle and is large enough that the response is under way when z is read
        Pushed a = library.push(from, "kit", "a", sif(600_000), "amd64", "v1");
        Pushed z = library.push(from, "kit", "z", sif(200_000), "amd64", "v1");
        Path zFile = blobFile(sha256(z.bytes()));
        // same size, one byte changed: only hashing the bytes finds it
        byte[] flipped = z.bytes().clone();
        flipped[flipped.length / 2] ^= 0x5a;
        Files.write(zFile, flipped);
        try {
            assertThatThrownBy(() -> api.get("api/collections/" + from + "/kit/bundle"))
                    .as("the client sees a failed transfer, not a complete-looking ZIP with status 200")
                    .isInstanceOf(java.io.UncheckedIOException.class);

            // the blob is marked damaged, as storage-verify would: its pulls are refused
            ApiClient.Reply pull = api.get("v1/imagefile/" + z.ref("v1") + "?arch=amd64").expect(503);
            assertThat(pull.errorMessage()).contains("failed verification").contains("sha256." + sha256(flipped));
            assertThat(library.pull(a.ref("v1"), "amd64")).isEqualTo(a.bytes());
            // a known-damaged blob: an error answer before any byte of the bundle
            ApiClient.Reply again = api.get("api/collections/" + from + "/kit/bundle").expect(503);
            assertThat(again.errorMessage()).contains("bundle cannot be exported").contains("z@sha256." + sha256(z.bytes()))
                    .contains("failed verification");
        } finally {
            Files.write(zFile, z.bytes());
        }
        // a missing blob, or one of another size: an error answer before streaming, too
        Path aFile = blobFile(sha256(a.bytes()));
        Path aside = aFile.resolveSibling(aFile.getFileName() + ".aside");
        Files.move(aFile, aside);
        try {
            assertThat(api.get("api/collections/" + from + "/kit/bundle").expect(503).errorMessage())
                    .contains("bundle cannot be exported").contains("a@sha256." + sha256(a.bytes())).contains("missing");
        } finally {
            Files.move(aside, aFile);
        }
    }

    @Test
    void importBundleStartsOnlyWithABundleFileAndATargetEntity() throws IOException {
        assertThat(api.postJson("api/admin/jobs/import-bundle", "{\"entity\":\"admin\"}").expect(400).errorMessage())
                .contains("bundle");
        assertThat(api.postJson("api/admin/jobs/import-bundle", "{\"bundle\":\"/no/such/bundle.zip\",\"entity\":\"admin\"}")
                .expect(400).errorMessage()).contains("/no/such/bundle.zip").contains("not a readable file");
        Path text = storage.resolveSibling(unique("notabundle") + ".zip");
        Files.writeString(text, "not a zip\n");
        assertThat(api.postJson("api/admin/jobs/import-bundle", "{\"bundle\":\"" + text + "\",\"entity\":\"admin\"}")
                .expect(400).errorMessage()).contains("not a ZIP file");
        Path noManifest = storage.resolveSibling(unique("nomanifest") + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(noManifest))) {
            zip.putNextEntry(new ZipEntry("images/x.sif"));
            zip.write(sif(1000));
            zip.closeEntry();
        }
        assertThat(api.postJson("api/admin/jobs/import-bundle", "{\"bundle\":\"" + noManifest + "\",\"entity\":\"admin\"}")
                .expect(400).errorMessage()).contains("no manifest.json");
        assertThat(api.postJson("api/admin/jobs/import-bundle", "{\"bundle\":\"" + noManifest + "\"}")
                .expect(400).errorMessage()).contains("no manifest.json");
    }

    // ---- the admin API itself ---------------------------------------------------------------------

    @Test
    void badStartsAreRefusedWithAClearClientError() {
        assertThat(api.postJson("api/admin/jobs/no-such-job", "{}").expect(404).errorMessage())
                .contains("no-such-job");
        assertThat(api.postJson("api/admin/jobs/storage-cleanup", "{\"dryRun\":\"maybe\"}").expect(400).errorMessage())
                .contains("dryRun");
        assertThat(api.postJson("api/admin/jobs/storage-verify", "{\"force\":true}").expect(400).errorMessage())
                .contains("force");
        assertThat(api.postJson("api/admin/jobs/import-directory", "{\"entity\":\"admin\",\"collection\":\"c\"}")
                .expect(400).errorMessage()).contains("directory");
        assertThat(api.postJson("api/admin/jobs/import-directory", "{\"directory\":\"/no/such/dir\",\"entity\":\"admin\","
                + "\"collection\":\"c\"}").expect(400).errorMessage()).contains("/no/such/dir");
        api.postJson("api/admin/jobs/storage-cleanup", "[true]").expect(400).errorMessage();
        api.postJson("api/admin/jobs/storage-cleanup", "{\"dryRun\":").expect(400).errorMessage();
        api.get("api/admin/jobs?max=many").expect(400).errorMessage();
        api.get("api/admin/jobs/987654321").expect(404);
        api.anonymous().postJson("api/admin/jobs/storage-cleanup", "{}").expect(401);
    }

    @Test
    void recentRunsListTheNewestFirstAndAFinishedRunCannotBeStopped() {
        long id = start("storage-cleanup", "{\"dryRun\":true}");
        awaitFinished(id);

        List<JsonObject> runs = api.get("api/admin/jobs").expect(200).json().getJsonArray("data")
                .getValuesAs(JsonObject.class);

        assertThat(runs).isNotEmpty();
        assertThat(runs.stream().map(r -> r.getJsonNumber("executionId").longValue())).contains(id);
        assertThat(runs.get(0).getJsonNumber("executionId").longValue()).isGreaterThanOrEqualTo(id);
        api.postJson("api/admin/jobs/" + id + "/stop", "").expect(409);
        api.postJson("api/admin/jobs/" + id + "/restart", "").expect(409);
    }

    // ---- helpers ------------------------------------------------------------------------------------

    /** This deployment's base address as a mirror elsewhere would give it (no trailing slash). */
    private String source() {
        return api.base().toString().replaceAll("/$", "");
    }

    private long start(String job, String json) {
        JsonObject data = api.postJson("api/admin/jobs/" + job, json).expect(202).data();
        assertThat(data.getString("job")).isEqualTo(job);
        return data.getJsonNumber("executionId").longValue();
    }

    private JsonObject awaitFinished(long executionId) {
        Instant deadline = Instant.now().plus(DEADLINE);
        while (true) {
            JsonObject run = api.get("api/admin/jobs/" + executionId).expect(200).data();
            if (FINISHED.contains(run.getString("status"))) {
                return run;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job execution " + executionId + " did not finish within " + DEADLINE + ": " + run);
            }
            pause();
        }
    }

    private ApiClient user(String name) {
        api.postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"pw-" + name + "-123456\"}").expect(201);
        return api.withToken(api.postJson("api/admin/users/" + name + "/tokens", "{\"name\":\"it\"}").expect(201)
                .data().getString("token"));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * As {@link #awaitFinished}, and then until the first step's report can be read too: in CI the
     * job's status once read COMPLETED while its step's report (the step's persistent user data,
     * stored by the batch runtime in another transaction) was not there yet.
     */
    private JsonObject awaitReported(long executionId) {
        JsonObject run = awaitFinished(executionId);
        Instant deadline = Instant.now().plusSeconds(10);
        while (run.getJsonArray("steps").isEmpty() || !hasReport(run.getJsonArray("steps").getJsonObject(0))) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("job execution " + executionId + " finished without a step report: " + run);
            }
            pause();
            run = api.get("api/admin/jobs/" + executionId).expect(200).data();
        }
        return run;
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static boolean hasReport(JsonObject step) {
        return step.containsKey("report") && !step.isNull("report");
    }

    private static JsonObject report(JsonObject run) {
        return run.getJsonArray("steps").getJsonObject(0).getJsonObject("report");
    }

    private static List<String> digests(JsonObject cleanupReport) {
        return cleanupReport.getJsonArray("blobDigests").getValuesAs(JsonString::getString);
    }

    private Path blobFile(String hex) {
        return storage.resolve("blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
    }

    /** A blob file no image uses, as a crashed push or a restored backup leaves one. */
    private Path plant(byte[] bytes, FileTime modified) throws IOException {
        Path file = blobFile(sha256(bytes));
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        Files.setLastModifiedTime(file, modified);
        return file;
    }

    private static FileTime hoursAgo(int hours) {
        return FileTime.from(Instant.now().minus(Duration.ofHours(hours)));
    }

    /** A real SIF made by the shared test tool, reproducible from its seed but unique to this run. */
    private static Path mksif(Path out, String seed) throws IOException, InterruptedException {
        String shared = System.getenv().getOrDefault("SHARED_DIR", Path.of("../../shared").toAbsolutePath().normalize().toString());
        Process process = new ProcessBuilder("bash", shared + "/libclient/mksif.sh", out.toString(), "40K",
                seed + "-" + unique("s")).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new AssertionError("mksif.sh failed: " + output);
        }
        return out;
    }
}
