package org.sregistry.it.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.sregistry.it.TestImages.sha256;
import static org.sregistry.it.TestImages.unique;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.chromium.HasNetworkConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.TestImages;

/**
 * Uploading from the browser: a real SIF file in several chunks (REGISTRY_UPLOAD_PART_SIZE is 1 MiB
 * in the ITs) through the page, paused and resumed, then pulled by the library API and by
 * libclient; the page's JSON endpoints driven directly (a dropped connection and resuming, damaged
 * chunks, a wrong total size, bytes that are not a SIF file, the anti-CSRF token, someone else's
 * upload); and a user who may not push anywhere.
 */
@ExtendWith({ArquillianExtension.class, Browser.class})
@RunAsClient
class UploadPageIT {

    private static final int CHUNK = Integer.getInteger("it.upload.part-size", 1 << 20);
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    @TempDir
    Path dir;

    ApiClient admin() {
        return ApiClient.of(deployed, ApiClient.adminToken());
    }

    /** A new user with a password, made by the administrator over the admin API. */
    String user(String prefix) {
        String name = unique(prefix);
        admin().postJson("api/admin/users", "{\"username\":\"" + name + "\",\"password\":\"" + password(name) + "\"}").expect(201);
        return name;
    }

    static String password(String name) {
        return "pw-" + name + "-123456";
    }

    /** A public collection in the user's own namespace (so the user owns it), made by the administrator. */
    String collection(String user, String name) {
        LibraryClient library = new LibraryClient(admin());
        return library.collection(user, library.entity(user), name, false);
    }

    /** Logs in and waits for the landing page, so that the next page opened is not overtaken by the login's redirect. */
    void logIn(WebDriver driver, String user, String password) {
        new LoginPage(driver, deployed).logIn(user, password);
        new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> d.getCurrentUrl().endsWith("/console/index.xhtml"));
    }

    String base() {
        return "http://127.0.0.1:" + deployed.getPort() + "/";
    }

    @Test
    void aSifUploadedInChunksThroughThePageIsPullableRightAway(WebDriver driver) throws Exception {
        String user = user("up");
        collection(user, "coll");
        byte[] sif = TestImages.sif(3 * CHUNK + CHUNK / 2); // four chunks, the last one half
        Path file = dir.resolve("my-tool.sif");
        Files.write(file, sif);

        logIn(driver, user, password(user));
        UploadPage page = new UploadPage(driver, deployed).open();
        assertThat(page.offersUploadInMenu()).isTrue();
        assertThat(page.collections()).containsExactly(user + "/coll");
        assertThat(page.arch()).isEqualTo("amd64");
        page.choose(user + "/coll", file, "tool", "v1");
        page.screenshot("upload-before");

        // a slow line, so the upload can be watched and paused half-way
        HasNetworkConditions network = (HasNetworkConditions) driver;
        ChromiumNetworkConditions slow = new ChromiumNetworkConditions();
        slow.setLatency(Duration.ofMillis(50));
        slow.setUploadThroughput(512 * 1024);
        slow.setDownloadThroughput(10 * 1024 * 1024);
        network.setNetworkConditions(slow);
        try {
            page.start();
            new WebDriverWait(driver, Duration.ofSeconds(30)).until(d -> page.progress() > 0);
            page.pause();
            page.waitForStatus("Paused");
            page.screenshot("upload-during");
            assertThat(page.progress()).isBetween(1, 99);
            assertThat(page.succeeded()).isFalse();
        } finally {
            network.deleteNetworkConditions();
        }
        assertThat(admin().anonymous().get("v1/images/" + user + "/coll/tool:v1?arch=amd64").status())
                .as("nothing is visible before the upload completes").isEqualTo(404);

        page.start(); // resumes: only the missing chunks go
        page.waitUntilDone();
        page.screenshot("upload-after");
        assertThat(page.error()).isEmpty();
        assertThat(page.succeeded()).isTrue();
        assertThat(page.digest()).isEqualTo("sha256." + sha256(sif));
        assertThat(page.pullCommand()).isEqualTo("apptainer pull library://127.0.0.1:" + deployed.getPort() + "/" + user
                + "/coll/tool:v1");

        // the library API sees it at once, with the bytes that were sent
        JsonObject image = admin().anonymous().get("v1/images/" + user + "/coll/tool:v1?arch=amd64").expect(200).data();
        assertThat(image.getString("hash")).isEqualTo("sha256." + sha256(sif));
        assertThat(image.getBoolean("uploaded")).isTrue();
        HttpResponse<byte[]> pulled = HTTP.send(HttpRequest.newBuilder(URI.create(base() + "v1/imagefile/" + user
                + "/coll/tool:v1?arch=amd64")).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(pulled.statusCode()).isEqualTo(200);
        assertThat(sha256(pulled.body())).isEqualTo(sha256(sif));

        // and so does the real client
        String libclient = System.getProperty("LIBCLIENT", System.getenv("LIBCLIENT"));
        assumeTrue(libclient != null && Files.isExecutable(Path.of(libclient)),
                "LIBCLIENT is not set: the pull with the real client was not run (the library API pull above was)");
        Path out = dir.resolve("pulled.sif");
        Process p = new ProcessBuilder(libclient, "pull", base().replaceAll("/$", ""), "-",
                user + "/coll/tool:v1", out.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        assertThat(sha256(Files.readAllBytes(out))).isEqualTo(sha256(sif));
    }

    @Test
    void theEndpointsResumeAfterADropAndRefuseWhatIsWrong(WebDriver driver) throws Exception {
        String user = user("ep");
        String collectionId = collection(user, "data");
        logIn(driver, user, password(user));
        Session s = new Session(driver, new UploadPage(driver, deployed).open().token());
        byte[] sif = TestImages.sif(2 * CHUNK + 1000); // three chunks
        String start = """
                {"collection":"%s","container":"resumed","tag":"v2","size":%d,"fileName":"r.sif"}""".formatted(collectionId, sif.length);

        // the anti-CSRF token is required, and must be this session's
        Reply noToken = s.send("POST", "", start, null);
        assertThat(noToken.status()).isEqualTo(403);
        assertThat(noToken.message()).contains("X-Upload-Token");
        assertThat(s.send("POST", "", start, "0".repeat(64)).status()).isEqualTo(403);
        Reply noSession = new Session(null, s.token).send("POST", "", start, s.token);
        assertThat(noSession.status()).isEqualTo(401);

        JsonObject upload = s.call("POST", "", start).expect(201).json();
        String id = upload.getString("id");
        assertThat(upload.getInt("totalChunks")).isEqualTo(3);
        assertThat(upload.getInt("chunkSize")).isEqualTo(CHUNK);
        assertThat(upload.getString("arch")).isEqualTo("amd64");
        assertThat(upload.getJsonArray("received")).isEmpty();

        s.chunk(id, 1, slice(sif, 1), sha256(slice(sif, 1))).expect(200);
        // the connection drops in the middle of chunk 2: it is refused and does not count
        Reply dropped = s.chunk(id, 2, Arrays.copyOf(slice(sif, 2), 1000), null);
        assertThat(dropped.status()).isEqualTo(400);
        assertThat(dropped.message()).contains("chunk 2 must be " + CHUNK + " bytes");
        // a damaged chunk (its bytes do not match the sha256 the page computed) is refused too
        byte[] damaged = slice(sif, 2).clone();
        damaged[10] ^= 1;
        Reply bad = s.chunk(id, 2, damaged, sha256(slice(sif, 2)));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.message()).contains("chunk 2 arrived damaged");
        assertThat(s.chunk(id, 4, new byte[10], null).message()).contains("outside 1..3");

        // the page comes back and asks what the registry has
        JsonObject status = s.call("GET", "/" + id, null).expect(200).json();
        assertThat(status.getJsonArray("received").getValuesAs(jakarta.json.JsonNumber.class))
                .extracting(jakarta.json.JsonNumber::intValue).containsExactly(1);
        assertThat(status.getJsonNumber("receivedBytes").longValue()).isEqualTo(CHUNK);
        Reply early = s.call("POST", "/" + id + "/complete", "{\"size\":" + sif.length + "}");
        assertThat(early.status()).isEqualTo(400);
        assertThat(early.message()).contains("2 of 3 chunks have not arrived yet");

        // the rest, out of order
        s.chunk(id, 3, slice(sif, 3), sha256(slice(sif, 3))).expect(200);
        JsonObject last = s.chunk(id, 2, slice(sif, 2), sha256(slice(sif, 2))).expect(200).json();
        assertThat(last.getJsonNumber("receivedBytes").longValue()).isEqualTo(sif.length);

        Reply wrongSize = s.call("POST", "/" + id + "/complete", "{\"size\":" + (sif.length + 1) + "}");
        assertThat(wrongSize.status()).isEqualTo(400);
        assertThat(wrongSize.message()).contains("the file has " + (sif.length + 1) + " bytes");
        assertThat(admin().get("v1/images/" + user + "/data/resumed:v2?arch=amd64").status()).isEqualTo(404);

        // someone else cannot see, send to or complete this upload
        String other = user("other");
        driver.manage().deleteAllCookies(); // the first session stays valid on the server
        logIn(driver, other, password(other));
        Session intruder = new Session(driver, new UploadPage(driver, deployed).open().token());
        assertThat(intruder.call("GET", "/" + id, null).status()).isEqualTo(404);
        assertThat(intruder.call("POST", "/" + id + "/complete", "{}").status()).isEqualTo(404);

        JsonObject done = s.call("POST", "/" + id + "/complete", "{\"size\":" + sif.length + "}").expect(200).json();
        assertThat(done.getString("digest")).isEqualTo("sha256." + sha256(sif));
        assertThat(done.getString("pull")).endsWith("/" + user + "/data/resumed:v2");
        JsonObject image = admin().get("v1/images/" + user + "/data/resumed:v2?arch=amd64").expect(200).data();
        assertThat(image.getString("hash")).isEqualTo("sha256." + sha256(sif));
        assertThat(s.call("GET", "/" + id, null).status()).as("a completed upload is gone").isEqualTo(404);

        // bytes that are not a SIF file never become an image
        byte[] junk = new byte[CHUNK + 10];
        Arrays.fill(junk, (byte) 7);
        String junkId = s.call("POST", "", start.replace("resumed", "junk")
                .replace("\"size\":" + sif.length, "\"size\":" + junk.length)).expect(201).json().getString("id");
        s.chunk(junkId, 1, Arrays.copyOf(junk, CHUNK), null).expect(200);
        s.chunk(junkId, 2, Arrays.copyOfRange(junk, CHUNK, junk.length), null).expect(200);
        Reply notSif = s.call("POST", "/" + junkId + "/complete", "{}");
        assertThat(notSif.status()).isEqualTo(400);
        assertThat(notSif.message()).startsWith("not an image:");
        assertThat(admin().get("v1/containers/" + user + "/data/junk").status()).isEqualTo(404);

        // bad requests are clear errors, never a stack trace
        Reply noCollection = s.call("POST", "", "{\"container\":\"x\",\"tag\":\"v1\",\"size\":5}");
        assertThat(noCollection.status()).isEqualTo(400);
        assertThat(noCollection.message()).contains("'collection' is required");
        assertThat(s.call("POST", "", "not json").message()).contains("JSON object");
        Reply badName = s.call("POST", "", start.replace("resumed", "Bad Name!"));
        assertThat(badName.status()).isEqualTo(400);
    }

    @Test
    void aUserWithoutPushRightsIsToldSo(WebDriver driver) throws Exception {
        String owner = user("own");
        String collectionId = collection(owner, "shared");
        String stranger = user("nopush");
        logIn(driver, stranger, password(stranger));
        UploadPage page = new UploadPage(driver, deployed).open();
        // the stranger's own namespace has no collection yet, and the owner's is not theirs
        assertThat(page.saysNoCollection()).isTrue();
        assertThat(page.collections()).isEmpty();
        page.screenshot("upload-no-collection");

        Session s = new Session(driver, page.token());
        Reply refused = s.call("POST", "", """
                {"collection":"%s","container":"sneaky","tag":"v1","size":1000}""".formatted(collectionId));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.message()).isEqualTo(stranger + " may not push to or delete from " + owner + "/shared");
        assertThat(s.call("POST", "", """
                {"collection":"%s","container":"sneaky","tag":"v1","size":1000}""".formatted("0".repeat(24))).status())
                .isEqualTo(404);

        // anonymous visitors are sent to the login page, and see no upload link
        driver.manage().deleteAllCookies();
        driver.get(base() + "console/upload.xhtml");
        assertThat(driver.getCurrentUrl()).contains("/console/login.xhtml?next=");
        assertThat(new UploadPage(driver, deployed).offersUploadInMenu()).isFalse();
    }

    private static byte[] slice(byte[] bytes, int chunk) {
        int from = (chunk - 1) * CHUNK;
        return Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK));
    }

    record Reply(int status, String body) {

        Reply expect(int expected) {
            assertThat(status).as(body).isEqualTo(expected);
            return this;
        }

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String message() {
            return json().getJsonObject("error").getString("message");
        }
    }

    /** The page's JSON endpoints, called with the browser's session cookie and the page's token. */
    final class Session {

        final String cookie;
        final String token;

        Session(WebDriver driver, String token) {
            this.cookie = driver == null ? null : driver.manage().getCookieNamed("JSESSIONID").getValue();
            this.token = token;
        }

        Reply call(String method, String path, String json) throws Exception {
            return send(method, path, json, token);
        }

        Reply send(String method, String path, String json, String withToken) throws Exception {
            return exchange(method, path, json == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json), "application/json", withToken, null);
        }

        Reply chunk(String id, int n, byte[] bytes, String sha) throws Exception {
            return exchange("PUT", "/" + id + "/chunks/" + n, HttpRequest.BodyPublishers.ofByteArray(bytes),
                    "application/octet-stream", token, sha);
        }

        private Reply exchange(String method, String path, HttpRequest.BodyPublisher body, String type, String withToken,
                String sha) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + "console/uploads" + path))
                    .method(method, body).header("Content-Type", type);
            if (cookie != null) {
                b.header("Cookie", "JSESSIONID=" + cookie);
            }
            if (withToken != null) {
                b.header("X-Upload-Token", withToken);
            }
            if (sha != null) {
                b.header("X-Chunk-Sha256", sha);
            }
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(r.body()).startsWith("application/json");
            return new Reply(r.statusCode(), r.body());
        }
    }
}
