package org.sregistry.it.operations;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.JsonObject;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.sregistry.it.ApiClient;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.TestImages;

/**
 * A crash in the middle of a job: Payara Micro is killed (SIGKILL, no shutdown of any kind) while
 * import-directory runs, and started again on the same root folder (as {@code run.sh} does, so
 * its job repository survives). The execution the crash left STARTED must then read FAILED, with
 * an exit status that says why, and {@code restart} must finish the import with every file in.
 *
 * <p>Not an Arquillian test: the adapter cannot kill its server or start it again on the same
 * folder, so this class runs Payara Micro itself, the way {@code run.sh} starts it, on the IT port
 * (failsafe runs the classes one after the other, so only one server runs at a time).
 */
class JobCrashIT {

    private static final Set<String> FINISHED = Set.of("COMPLETED", "FAILED", "STOPPED", "ABANDONED");
    private static final int FILES = 60;
    private static final int FILE_SIZE = 16 * 1024 * 1024;

    private final Path data = Path.of(System.getProperty("it.data.dir")).toAbsolutePath().resolve("crash");
    private final int port = Integer.getInteger("it.http.port");
    private Process micro;
    private int starts;

    @AfterEach
    void stop() throws InterruptedException {
        if (micro != null && micro.isAlive()) {
            micro.destroy();
            if (!micro.waitFor(60, TimeUnit.SECONDS)) {
                micro.destroyForcibly().waitFor();
            }
        }
    }

    @Test
    void anImportKilledMidwayReadsFailedAfterTheRestartAndResumesToTheEnd() throws Exception {
        Path sources = Files.createDirectories(data.resolve("sources"));
        List<String> digests = new ArrayList<>();
        for (int i = 0; i < FILES; i++) {
            byte[] bytes = TestImages.sif(FILE_SIZE);
            Files.write(sources.resolve("big-%02d.sif".formatted(i)), bytes);
            digests.add(TestImages.hashRef(bytes));
        }
        String collection = TestImages.unique("crash");
        ApiClient api = start();

        long id = api.postJson("api/admin/jobs/import-directory", """
                {"directory":"%s","entity":"admin","collection":"%s","tag":"v1"}"""
                .formatted(sources, collection)).expect(202).data().getJsonNumber("executionId").longValue();
        // kill as soon as the import's step runs (midway: the job and its step STARTED in the
        // repository): sixty files of 16 MiB, one transaction each, take seconds
        String status = "";
        boolean stepRuns = false;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60); !("STARTED".equals(status) && stepRuns)
                && !"COMPLETED".equals(status) && System.nanoTime() < deadline;) {
            ApiClient.Reply reply = api.get("api/admin/jobs/" + id);
            if (reply.status() != 404) { // the execution may not be visible for a moment after the start
                JsonObject execution = reply.expect(200).data();
                status = execution.getString("status");
                stepRuns = execution.getJsonArray("steps").stream()
                        .anyMatch(step -> "STARTED".equals(step.asJsonObject().getString("status")));
            }
            Thread.sleep(50);
        }
        assertThat(stepRuns).as("the import's step must run before the server is killed").isTrue();
        // Payara Micro's own job repository is an embedded H2 database, which writes its commits to
        // disk up to a second late: a kill right after the step's row appeared could lose the row
        Thread.sleep(1500);
        status = api.get("api/admin/jobs/" + id).expect(200).data().getString("status");
        assertThat(status).as("the import must still run when the server is killed").isEqualTo("STARTED");
        micro.destroyForcibly().waitFor(); // SIGKILL: the JVM leaves the execution STARTED in the repository

        api = start();

        JsonObject crashed = awaitStatus(api, id, "FAILED");
        assertThat(crashed.getString("summary")).startsWith("FAILED: the server (")
                .contains("stopped while this execution ran; restart it to resume from its last checkpoint");
        assertThat(crashed.getJsonArray("steps").stream().map(s -> s.asJsonObject().getString("status")))
                .isNotEmpty().doesNotContain("STARTED", "STARTING");
        assertThat(crashed.getString("endedAt")).isNotEmpty();

        long again = api.postJson("api/admin/jobs/" + id + "/restart", "{}").expect(202).data().getJsonNumber("executionId")
                .longValue();
        JsonObject resumed = awaitFinished(api, again);

        assertThat(resumed.getString("status")).isEqualTo("COMPLETED");
        for (int i = 0; i < FILES; i++) {
            JsonObject image = api.get("v1/images/admin/%s/big-%02d:v1?arch=amd64".formatted(collection, i)).expect(200).data();
            assertThat(image.getString("hash")).isEqualTo(digests.get(i));
        }
        assertThat(api.get("api/admin/jobs/" + id).expect(200).data().getString("status")).isEqualTo("FAILED");
    }

    /**
     * Starts Payara Micro as run.sh does, on a root folder that outlives the process; waits until
     * readiness reports the registry's check UP and the admin API answers.
     */
    private ApiClient start() throws IOException, InterruptedException {
        starts++;
        File log = new File("target/failsafe-reports/JobCrashIT-micro-" + starts + ".log");
        log.getParentFile().mkdirs();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-jar", System.getProperty("payara.microJar"),
                "--deploy", System.getProperty("it.war"), "--contextroot", "/",
                "--port", String.valueOf(port), "--nohazelcast",
                "--rootdir", data.resolve("payara-micro").toString(),
                "--prebootcommandfile", System.getProperty("it.listener.commands"))
                .redirectErrorStream(true).redirectOutput(log);
        builder.environment().put("REGISTRY_DATA_DIR", data.toString());
        micro = builder.start();
        ApiClient api = ApiClient.of(new URL("http://127.0.0.1:" + port + "/"), ApiClient.adminToken());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(600));
        while (Instant.now().isBefore(deadline)) {
            if (!micro.isAlive()) {
                throw new AssertionError("Payara Micro exited with " + micro.exitValue() + ": see " + log);
            }
            try {
                ApiClient.Reply ready = api.anonymous().get("health/ready");
                if (ready.status() == 200 && ready.text().contains("\"registry\"")
                        && api.get("api/admin/jobs?max=1").status() == 200) {
                    return api;
                }
            } catch (RuntimeException notYet) {
                // connection refused while it boots
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Payara Micro was not ready within 600 s: see " + log);
    }

    private static JsonObject awaitStatus(ApiClient api, long id, String status) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        JsonObject run;
        do {
            run = api.get("api/admin/jobs/" + id).expect(200).data();
            if (run.getString("status").equals(status)) {
                return run;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("execution " + id + " is not " + status + " after 180 s: " + run);
    }

    private static JsonObject awaitFinished(ApiClient api, long id) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(180));
        JsonObject run;
        do {
            run = api.get("api/admin/jobs/" + id).expect(200).data();
            if (FINISHED.contains(run.getString("status"))) {
                return run;
            }
            Thread.sleep(500);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("execution " + id + " did not finish in 180 s: " + run);
    }
}
