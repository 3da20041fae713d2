package org.sregistry.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Plain HTTP to the deployed registry, shaped like the library client's requests: JSON bodies
 * without a Content-Type, {@code Authorization: BEARER <token>} when a token is set and no header
 * at all otherwise, redirects not followed.
 */
public final class ApiClient {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private final URI base;
    private final String token;

    private ApiClient(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /**
     * A client for the deployment at {@code deployed}. The adapter reports the host by a
     * non-loopback name; the tests talk to the same port on 127.0.0.1 (the only address a test on
     * this machine may send traffic to).
     */
    public static ApiClient of(URL deployed, String token) {
        String path = deployed.getPath().isEmpty() ? "/" : deployed.getPath();
        return new ApiClient(URI.create("http://127.0.0.1:" + deployed.getPort() + (path.endsWith("/") ? path : path + "/")),
                token);
    }

    /** The administrator token the failsafe configuration gives the registry (REGISTRY_ADMIN_TOKEN). */
    public static String adminToken() {
        return System.getProperty("it.admin.token", "it-admin-token");
    }

    public ApiClient anonymous() {
        return new ApiClient(base, null);
    }

    public ApiClient withToken(String other) {
        return new ApiClient(base, other);
    }

    /** The base URL with a trailing slash, e.g. {@code http://127.0.0.1:38080/}. */
    public URI base() {
        return base;
    }

    /** {@code path} relative to the base, or an absolute URL as it is. */
    public URI uri(String path) {
        URI given = URI.create(path);
        return given.isAbsolute() ? given : base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }

    public Reply get(String path, String... headers) {
        return send("GET", path, BodyPublishers.noBody(), headers);
    }

    public Reply delete(String path, String... headers) {
        return send("DELETE", path, BodyPublishers.noBody(), headers);
    }

    /** A JSON POST as the Go client sends it: no Content-Type header. */
    public Reply postJson(String path, String json, String... headers) {
        return send("POST", path, BodyPublishers.ofString(json, StandardCharsets.UTF_8), headers);
    }

    public Reply putJson(String path, String json, String... headers) {
        return send("PUT", path, BodyPublishers.ofString(json, StandardCharsets.UTF_8), headers);
    }

    /** A request to a signed transfer URL: the client sends these without Authorization. */
    public Reply transfer(String method, String url, byte[] body, String... headers) {
        return anonymous().send(method, url, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body),
                headers);
    }

    /** Any request; {@code headers} are name, value pairs. Authorization is added when a token is set. */
    public Reply send(String method, String path, BodyPublisher body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60)).method(method, body);
        if (token != null) {
            request.header("Authorization", "BEARER " + token);
        }
        request.header("User-Agent", "registry-it");
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(method + " " + request.build().uri(), response.statusCode(), response.headers(),
                    response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** One answer: status, headers and the whole body, with JSON accessors for the envelopes. */
    public record Reply(String request, int status, HttpHeaders headers, byte[] body) {

        /** This reply, if its status is {@code expected}; otherwise an AssertionError that shows it. */
        public Reply expect(int expected) {
            if (status != expected) {
                throw new AssertionError("expected " + expected + ": " + describe());
            }
            return this;
        }

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public JsonObject json() {
            try (JsonReader reader = Json.createReader(new ByteArrayInputStream(body))) {
                return reader.readObject();
            } catch (RuntimeException e) {
                throw new AssertionError(request + " answered " + status + " with a body that is not a JSON object: "
                        + abbreviated(), e);
            }
        }

        /** The {@code data} object of a success envelope. */
        public JsonObject data() {
            return json().getJsonObject("data");
        }

        /** The {@code error} object of an error envelope ({@code code}, {@code message}). */
        public JsonObject error() {
            JsonObject error = json().getJsonObject("error");
            if (error == null) {
                throw new AssertionError(request + " answered " + status + " without an error envelope: " + abbreviated());
            }
            return error;
        }

        public String errorMessage() {
            return error().getString("message");
        }

        public Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        /** For assertion messages: the request, the status and the start of the body. */
        public String describe() {
            return request + " -> " + status + " " + abbreviated();
        }

        private String abbreviated() {
            String t = text();
            return t.length() > 400 ? t.substring(0, 400) + "…" : t;
        }

        @Override
        public String toString() {
            return describe();
        }
    }
}
