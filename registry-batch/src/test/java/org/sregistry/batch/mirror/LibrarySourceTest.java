package org.sregistry.batch.mirror;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sregistry.registry.Digest;

/**
 * The source side of import-library against two real HTTP servers on 127.0.0.1: the library
 * server and a separate blob host its download redirects to.
 */
class LibrarySourceTest {

    private static final int LIBRARY_PORT = Integer.getInteger("test.mirror.port", 19288);
    private static final byte[] BYTES = "not really a SIF, just bytes to carry".getBytes(StandardCharsets.UTF_8);
    private static final String HEX = sha256(BYTES);

    private HttpServer library;
    private HttpServer blobs;
    private final Map<String, String> authorization = new ConcurrentHashMap<>();

    @BeforeEach
    void serve() throws IOException {
        blobs = HttpServer.create(new InetSocketAddress("127.0.0.1", LIBRARY_PORT + 1), 0);
        blobs.createContext("/blob", x -> answer(x, 200, BYTES));
        blobs.start();
        library = HttpServer.create(new InetSocketAddress("127.0.0.1", LIBRARY_PORT), 0);
        library.createContext("/v1/images/e/c/box:v1", x -> json(x, 200,
                "{\"data\":{\"hash\":\"sha256." + HEX + "\",\"uploaded\":true,\"size\":" + BYTES.length + "}}"));
        library.createContext("/v1/images/e/c/half:v1", x -> json(x, 200,
                "{\"data\":{\"hash\":\"sha256." + HEX + "\",\"uploaded\":false}}"));
        library.createContext("/v1/images/e/c/gone:v1", x -> json(x, 404, "{\"error\":{\"code\":404,\"message\":\"no such image\"}}"));
        library.createContext("/v1/imagefile/e/c/box:sha256." + HEX, x -> {
            x.getResponseHeaders().add("Location", "http://127.0.0.1:" + (LIBRARY_PORT + 1) + "/blob?sig=1");
            answer(x, 303, new byte[0]);
        });
        library.createContext("/v1/collections/e/listed", x -> json(x, 200, "{\"data\":{\"containers\":[\"k1\"],\"private\":true}}"));
        library.createContext("/v1/containers/k1", x -> json(x, 200,
                "{\"data\":{\"name\":\"box\",\"archTags\":{\"amd64\":{\"v1\":\"i1\",\"latest\":\"i1\"},\"arm64\":{\"v1\":\"i2\"}}}}"));
        library.createContext("/v1/collections/e/searched", x -> json(x, 200, "{\"data\":{\"containers\":[\"k2\"]}}"));
        library.createContext("/v1/containers/k2", x -> json(x, 404, "{}"));
        library.createContext("/v1/search", x -> json(x, 200, "{\"data\":{\"image\":["
                + "{\"entityName\":\"e\",\"collectionName\":\"searched\",\"containerName\":\"tool\",\"tags\":[\"v2\"],\"arch\":\"amd64\"},"
                + "{\"entityName\":\"e\",\"collectionName\":\"other\",\"containerName\":\"tool\",\"tags\":[\"v3\"],\"arch\":\"amd64\"}]}}"));
        library.start();
    }

    @AfterEach
    void stop() {
        library.stop(0);
        blobs.stop(0);
    }

    @Test
    void downloadsTheDeclaredImageThroughTheRedirectAndSendsTheTokenOnlyToTheSource() throws Exception {
        LibrarySource source = new LibrarySource(LibrarySource.address("http://127.0.0.1:" + LIBRARY_PORT + "/"), "secret");
        SourceRef ref = SourceRef.parse("e/c/box:v1");

        LibrarySource.Image image = source.image(ref);
        byte[] downloaded;
        try (InputStream in = source.download(ref, image.digest())) {
            downloaded = in.readAllBytes();
        }

        assertThat(image.digest()).isEqualTo(Digest.ofHex(HEX));
        assertThat(image.size()).isEqualTo(BYTES.length);
        assertThat(downloaded).isEqualTo(BYTES);
        assertThat(authorization).containsEntry("/v1/images/e/c/box:v1", "Bearer secret")
                .containsEntry("/v1/imagefile/e/c/box:sha256." + HEX, "Bearer secret")
                .containsEntry("/blob", "(none)");
    }

    @Test
    void refusesImagesTheSourceDoesNotHaveOrHasNotUploaded() {
        LibrarySource source = new LibrarySource(URI.create("http://127.0.0.1:" + LIBRARY_PORT), null);

        assertThatThrownBy(() -> source.image(SourceRef.parse("e/c/gone:v1"))).isInstanceOf(SourceException.class)
                .hasMessage("v1/images/e/c/gone:v1 not found on the source: no such image");
        assertThatThrownBy(() -> source.image(SourceRef.parse("e/c/half:v1"))).isInstanceOf(SourceException.class)
                .hasMessage("image e/c/half:v1 is not uploaded on the source");
        assertThat(authorization).containsEntry("/v1/images/e/c/gone:v1", "(none)");
    }

    @Test
    void listsACollectionByItsContainersOrElseBySearch() throws Exception {
        LibrarySource source = new LibrarySource(URI.create("http://127.0.0.1:" + LIBRARY_PORT), null);

        assertThat(source.collection("e", "listed")).containsExactlyInAnyOrder(
                new SourceRef("e", "listed", "box", "v1", "amd64"), new SourceRef("e", "listed", "box", "latest", "amd64"),
                new SourceRef("e", "listed", "box", "v1", "arm64"));
        assertThat(source.collection("e", "searched")).containsExactly(new SourceRef("e", "searched", "tool", "v2", "amd64"));
        assertThat(source.isPrivate("e", "listed")).isTrue();
        assertThat(source.isPrivate("e", "nowhere")).as("not visible: treated as private").isTrue();
        assertThatThrownBy(() -> source.collection("e", "nowhere")).isInstanceOf(SourceException.class)
                .hasMessageContaining("v1/collections/e/nowhere not found on the source");
    }

    @Test
    void aSourceAddressIsAnHttpBaseUrlWithoutCredentials() {
        assertThat(LibrarySource.address("https://lib.example.org/registry/")).hasToString("https://lib.example.org/registry");
        assertThat(LibrarySource.address(" HTTP://127.0.0.1:8080 ")).hasToString("http://127.0.0.1:8080");
        for (Map.Entry<String, String> bad : Map.of("ftp://example.org", "http:// or https://", "not a url", "not a URL",
                "http://u:p@example.org", "credentials", "http://example.org/?x=1", "without query", "", "http(s) address",
                "file:///etc", "http:// or https://").entrySet()) {
            assertThatThrownBy(() -> LibrarySource.address(bad.getKey())).as(bad.getKey())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.getValue());
        }
    }

    @Test
    void refsAreEntityCollectionContainerAndATagThatDefaultsToLatest() {
        assertThat(SourceRef.parse("library://e/c/box")).isEqualTo(new SourceRef("e", "c", "box", "latest", ""));
        assertThat(SourceRef.parse(" e/c/box:v1.2 ").key()).isEqualTo("e/c/box:v1.2");
        for (String bad : List.of("c/box:v1", "e/c/box:", "E/c/box", "e/c/box:sha256.abc", "e/c/d/box")) {
            assertThatThrownBy(() -> SourceRef.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("entity/collection/container:tag");
        }
    }

    private void json(HttpExchange x, int status, String body) throws IOException {
        x.getResponseHeaders().add("Content-Type", "application/json");
        answer(x, status, body.getBytes(StandardCharsets.UTF_8));
    }

    private void answer(HttpExchange x, int status, byte[] body) throws IOException {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        authorization.put(x.getRequestURI().getPath(), auth == null ? "(none)" : auth);
        x.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            x.getResponseBody().write(body);
        }
        x.close();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
