package org.sregistry.it.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.JsonObject;
import java.net.URL;
import java.util.Arrays;
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

/**
 * What operators watch, served by Payara itself next to the application at the root context:
 * MicroProfile Health ({@code /health/ready}, {@code /health/live}) with the registry's checks and
 * MicroProfile Metrics ({@code /metrics}) with the registry's counters, which move with pushes,
 * pulls and refused uploads.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class OperationsIT {

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient api;
    LibraryClient library;

    @BeforeEach
    void connect() {
        api = ApiClient.of(deployed, ApiClient.adminToken());
        library = new LibraryClient(api);
    }

    @Test
    void readinessReportsTheDatabaseTheSchemaAndTheStorage() {
        ApiClient.Reply reply = api.anonymous().get("health/ready").expect(200);

        JsonObject health = reply.json();
        assertThat(health.getString("status")).isEqualTo("UP");
        JsonObject registry = check(health, "registry");
        assertThat(registry.getString("status")).isEqualTo("UP");
        JsonObject data = registry.getJsonObject("data");
        assertThat(data.getString("database")).isEqualTo("UP");
        assertThat(data.getString("schema")).matches("[0-9]+"); // the latest Flyway version applied
        assertThat(data.getString("storage")).isEqualTo("UP");
        assertThat(number(data, "storageFreeBytes")).isGreaterThan(0);
        assertThat(number(data, "storageMinFreeBytes")).isEqualTo(1073741824L);
        assertThat(data.getString("blobs")).startsWith("UP: file ").endsWith("blobs");
    }

    @Test
    void livenessAndTheCombinedHealthCarryTheRegistryChecks() {
        JsonObject live = api.anonymous().get("health/live").expect(200).json();
        assertThat(live.getString("status")).isEqualTo("UP");
        JsonObject check = check(live, "registry-live");
        assertThat(number(check.getJsonObject("data"), "deadlockedThreads")).isZero();
        assertThat(number(check.getJsonObject("data"), "heapMaxBytes")).isGreaterThan(0);
        assertThat(live.getJsonArray("checks").stream().map(v -> v.asJsonObject().getString("name")))
                .doesNotContain("registry");

        JsonObject all = api.anonymous().get("health").expect(200).json();
        assertThat(all.getJsonArray("checks").stream().map(v -> v.asJsonObject().getString("name")))
                .contains("registry", "registry-live");
    }

    @Test
    void pushAndPullMoveTheirCountersAndTheStorageGauge() {
        double pushes = metric("registry_pushes_total");
        double pulls = metric("registry_pulls_total");
        double in = metric("registry_bytes_in_bytes_total");
        double out = metric("registry_bytes_out_bytes_total");
        double used = metric("registry_storage_used_bytes");
        double received = metric("registry_upload_receive_seconds_count");
        double flushed = metric("registry_upload_flush_seconds_count");

        Pushed pushed = library.pushNew(unique("ops"), 5000);
        byte[] pulled = library.pull(pushed.ref("latest"), "amd64");

        assertThat(pulled).isEqualTo(pushed.bytes());
        assertThat(metric("registry_pushes_total")).isEqualTo(pushes + 1);
        assertThat(metric("registry_pulls_total")).isEqualTo(pulls + 1);
        assertThat(metric("registry_bytes_in_bytes_total")).isEqualTo(in + 5000);
        // the client's pull reads a probe range and then the parts: at least the whole file went out
        assertThat(metric("registry_bytes_out_bytes_total")).isGreaterThanOrEqualTo(out + 5000);
        assertThat(metric("registry_storage_used_bytes")).isEqualTo(used + 5000);
        // the one upload body was timed while it arrived and while it was flushed to disk
        assertThat(metric("registry_upload_receive_seconds_count")).isEqualTo(received + 1);
        assertThat(metric("registry_upload_flush_seconds_count")).isEqualTo(flushed + 1);
        assertThat(metric("registry_upload_receive_seconds_sum")).isPositive();
    }

    @Test
    void blobFilesGoOutFromThePageCacheAfterTheirFirstPiece() {
        double out = metric("registry_bytes_out_bytes_total");
        double mapped = metric("registry_bytes_out_mapped_bytes_total");
        Pushed pushed = library.pushNew(unique("ops"), 300_000);
        String location = library.downloadUrl(pushed.ref("latest"), "amd64");

        ApiClient.Reply whole = api.transfer("GET", location, null).expect(200);
        ApiClient.Reply part = api.transfer("GET", location, null, "Range", "bytes=1000-200999").expect(206);
        ApiClient.Reply small = api.transfer("GET", location, null, "Range", "bytes=70000-70999").expect(206);

        assertThat(whole.body()).isEqualTo(pushed.bytes());
        assertThat(whole.header("Content-Length")).hasValue("300000");
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(pushed.bytes(), 1000, 201_000));
        assertThat(part.header("Content-Range")).hasValue("bytes 1000-200999/300000");
        assertThat(small.body()).isEqualTo(Arrays.copyOfRange(pushed.bytes(), 70_000, 71_000));
        assertThat(metric("registry_bytes_out_bytes_total")).isEqualTo(out + 501_000);
        // the first 64 KiB of an answer carry its headers out through JAX-RS; a range that small is streamed
        assertThat(metric("registry_bytes_out_mapped_bytes_total"))
                .isEqualTo(mapped + (300_000 - 65_536) + (200_000 - 65_536));
    }

    @Test
    void aRefusedUploadIsCountedWithItsReason() {
        String before = metrics();
        double mismatches = value(before, "registry_upload_failures_total", "reason=\"sha256_mismatch\"").orElse(0);
        Pushed target = library.pushNew(unique("ops"), 2000);
        byte[] other = sif(3000);
        JsonObject image = library.announce(target.path(), target.containerId(), other, "amd64");
        String url = library.startUpload(image.getString("id"), other);
        byte[] wrong = other.clone();
        wrong[wrong.length - 1] ^= 1;

        library.putBytes(url, wrong).expect(400);

        assertThat(value(metrics(), "registry_upload_failures_total", "reason=\"sha256_mismatch\"").orElse(0))
                .isEqualTo(mismatches + 1);
    }

    @Test
    void theApiIsDescribedByMicroProfileOpenApi() {
        String document = api.anonymous().get("openapi").expect(200).text();
        assertThat(document).contains("title: SIF registry API", "scheme: bearer", "/api/admin/users:", "/api/tokens/exchange:",
                "/v1/search:", "/version:", "name: audit", "name: teams");
    }

    @Test
    void aJobStartIsCounted() {
        double runs = value(metrics(), "registry_job_runs_total", "job=\"upload-cleanup\"").orElse(0);

        api.postJson("api/admin/jobs/upload-cleanup", "{}").expect(202);

        assertThat(value(metrics(), "registry_job_runs_total", "job=\"upload-cleanup\"").orElse(0)).isEqualTo(runs + 1);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").stream().map(v -> v.asJsonObject())
                .filter(c -> c.getString("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    /** A number of a check's data: Payara writes long values as JSON numbers or as strings, depending on the version. */
    private static long number(JsonObject data, String key) {
        return data.get(key) instanceof jakarta.json.JsonNumber n ? n.longValue() : Long.parseLong(data.getString(key));
    }

    private String metrics() {
        return api.anonymous().get("metrics?scope=application").expect(200).text();
    }

    /** The value of an application metric without tags (0 when it has not been created yet). */
    private double metric(String name) {
        return value(metrics(), name, null).orElse(0);
    }

    /** The sample of {@code name} whose labels contain {@code label} (any labels when null). */
    private static java.util.OptionalDouble value(String text, String name, String label) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "\\{([^}]*)\\} (\\S+)$").matcher(text);
        while (m.find()) {
            if (label == null || m.group(1).contains(label)) {
                return java.util.OptionalDouble.of(Double.parseDouble(m.group(2)));
            }
        }
        return java.util.OptionalDouble.empty();
    }
}
