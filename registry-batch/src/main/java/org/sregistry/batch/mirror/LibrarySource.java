package org.sregistry.batch.mirror;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.sregistry.registry.Digest;

/**
 * Another library API server (this registry, sregistry, a Sylabs-compatible library) as a mirror
 * reads it: image metadata ({@code GET v1/images}), image bytes ({@code GET v1/imagefile}, following
 * its redirect) and the contents of a collection. The token, when there is one, goes only to the
 * source's own origin, never to where a redirect points elsewhere (a pre-signed URL needs none).
 */
public final class LibrarySource {

    private static final Duration CONNECT = Duration.ofSeconds(10);
    private static final Duration ANSWER = Duration.ofSeconds(120);
    private static final int REDIRECTS_MAX = 5;

    /** What the source declares about an image. */
    public record Image(Digest digest, long size) {}

    private final URI base;
    private final String token;
    private final HttpClient http;

    public LibrarySource(URI base, String token) {
        this.base = base;
        this.token = token == null || token.isBlank() ? null : token.strip();
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * The source address as a mirror uses it ({@code http(s)://host[:port][/path]}, no trailing
     * slash), or IllegalArgumentException with what is wrong: other schemes, no host, user
     * information (it would end up in the job history), a query or a fragment.
     */
    public static URI address(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("source must be the http(s) address of a library API server");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("source '" + url + "' is not a URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("source '" + url + "' must be an http:// or https:// URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new IllegalArgumentException("source '" + url + "' has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("source must not carry credentials in the URL: give sourceToken instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("source '" + url + "' must be a base address, without query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(scheme + "://" + uri.getRawAuthority() + path);
    }

    /** {@code GET version}: the source answers as a library server does. */
    public String version() throws SourceException {
        JsonObject data = data(getJson("version"), "version");
        return data.getString("apiVersion", data.getString("version", "?"));
    }

    /** {@code GET v1/images/{ref}}: the image's declared sha256 and size; it must be uploaded. */
    public Image image(SourceRef ref) throws SourceException {
        JsonObject data = data(getJson("v1/images/" + ref.path() + ":" + ref.tag() + "?arch=" + query(ref.arch())),
                "image " + ref);
        if (!data.getBoolean("uploaded", true)) {
            throw new SourceException("image " + ref + " is not uploaded on the source");
        }
        String hash = data.getString("hash", "");
        if (!Digest.isDigestRef(hash)) {
            throw new SourceException("image " + ref + ": the source declares no sha256 hash ('" + hash + "')");
        }
        long size = data.containsKey("size") && data.get("size").getValueType() == JsonValue.ValueType.NUMBER
                ? data.getJsonNumber("size").longValue() : -1;
        return new Image(Digest.parse(hash), size);
    }

    /**
     * {@code GET v1/imagefile/{path}:sha256.<hex>}: the bytes of exactly the image declared (not
     * whatever the tag points at by now), following redirects; the caller closes the stream.
     */
    public InputStream download(SourceRef ref, Digest digest) throws SourceException {
        URI uri = resolve("v1/imagefile/" + ref.path() + ":" + digest.ref() + "?arch=" + query(ref.arch()));
        for (int hop = 0; hop <= REDIRECTS_MAX; hop++) {
            HttpResponse<InputStream> response = send(uri, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            Optional<String> location = response.headers().firstValue("Location");
            close(response.body());
            if (status / 100 == 3 && location.isPresent()) {
                uri = uri.resolve(location.get());
                continue;
            }
            throw new SourceException("download of " + ref + " answered " + status);
        }
        throw new SourceException("download of " + ref + ": more than " + REDIRECTS_MAX + " redirects");
    }

    /**
     * Whether {@code entity/collection} is private on the source ({@code "private"} of
     * {@code GET v1/collections/...}; a source that does not show the collection: treated as private).
     */
    public boolean isPrivate(String entity, String collection) throws SourceException {
        HttpResponse<String> response = get("v1/collections/" + entity + "/" + collection);
        if (response.statusCode() != 200) {
            return true;
        }
        return data(parse(response), "collection " + entity + "/" + collection).getBoolean("private", true);
    }

    /**
     * Every tag of every container of {@code entity/collection} on the source, per architecture:
     * through {@code GET v1/collections/{entity}/{collection}} and {@code GET v1/containers/{id}}
     * where the source answers those (this registry, the Sylabs library), else through
     * {@code GET v1/search?value=<collection>}, keeping the images of that collection.
     */
    public List<SourceRef> collection(String entity, String collection) throws SourceException {
        JsonObject found = data(getJson("v1/collections/" + entity + "/" + collection),
                "collection " + entity + "/" + collection);
        JsonValue ids = found.get("containers");
        if (ids != null && ids.getValueType() == JsonValue.ValueType.ARRAY) {
            Optional<List<SourceRef>> listed = containers(entity, collection, ids.asJsonArray());
            if (listed.isPresent()) {
                return listed.get();
            }
        }
        return searched(entity, collection);
    }

    private Optional<List<SourceRef>> containers(String entity, String collection, JsonArray ids) throws SourceException {
        List<SourceRef> refs = new ArrayList<>();
        for (JsonValue id : ids) {
            if (id.getValueType() != JsonValue.ValueType.STRING) {
                return Optional.empty();
            }
            HttpResponse<String> response = get("v1/containers/" + segment(((JsonString) id).getString()));
            if (response.statusCode() != 200) {
                return Optional.empty(); // a server that does not answer containers by id: search instead
            }
            JsonObject container = data(parse(response), "container " + id);
            String name = container.getString("name", "");
            JsonValue archTags = container.get("archTags");
            if (archTags != null && archTags.getValueType() == JsonValue.ValueType.OBJECT && !archTags.asJsonObject().isEmpty()) {
                for (Map.Entry<String, JsonValue> arch : archTags.asJsonObject().entrySet()) {
                    if (arch.getValue().getValueType() == JsonValue.ValueType.OBJECT) {
                        arch.getValue().asJsonObject().keySet()
                                .forEach(tag -> refs.add(new SourceRef(entity, collection, name, tag, arch.getKey())));
                    }
                }
            } else if (container.get("imageTags") instanceof JsonObject tags) {
                tags.keySet().forEach(tag -> refs.add(new SourceRef(entity, collection, name, tag, "")));
            }
        }
        return Optional.of(refs);
    }

    private List<SourceRef> searched(String entity, String collection) throws SourceException {
        JsonObject results = data(getJson("v1/search?value=" + query(collection)), "search for " + collection);
        List<SourceRef> refs = new ArrayList<>();
        if (results.get("image") instanceof JsonArray images) {
            for (JsonValue value : images) {
                JsonObject image = value.asJsonObject();
                if (entity.equals(image.getString("entityName", null))
                        && collection.equals(image.getString("collectionName", null))
                        && image.get("tags") instanceof JsonArray tags) {
                    String arch = image.get("arch") instanceof JsonString a ? a.getString() : "";
                    for (JsonValue tag : tags) {
                        refs.add(new SourceRef(entity, collection, image.getString("containerName"),
                                ((JsonString) tag).getString(), arch));
                    }
                }
            }
        }
        return refs;
    }

    // ---- HTTP ---------------------------------------------------------------------------------------

    private JsonObject getJson(String path) throws SourceException {
        HttpResponse<String> response = get(path);
        if (response.statusCode() != 200) {
            throw new SourceException(describe(path, response));
        }
        return parse(response);
    }

    private HttpResponse<String> get(String path) throws SourceException {
        return send(resolve(path), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private <T> HttpResponse<T> send(URI uri, HttpResponse.BodyHandler<T> body) throws SourceException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(ANSWER).GET();
        if (token != null && sameOrigin(uri)) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), body);
        } catch (IOException e) {
            throw new SourceException("cannot reach the source at " + origin(uri) + ": " + Objects.toString(e.getMessage(),
                    e.getClass().getSimpleName()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while talking to the source");
        }
    }

    private static JsonObject parse(HttpResponse<String> response) throws SourceException {
        try (JsonReader reader = Json.createReader(new java.io.StringReader(response.body()))) {
            return reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new SourceException(response.uri().getPath() + " did not answer JSON: is the source a library API server?");
        }
    }

    private static JsonObject data(JsonObject envelope, String what) throws SourceException {
        if (envelope.get("data") instanceof JsonObject data) {
            return data;
        }
        throw new SourceException(what + ": the source answered without data");
    }

    private static String describe(String path, HttpResponse<String> response) {
        String message = "";
        try (JsonReader reader = Json.createReader(new java.io.StringReader(response.body()))) {
            if (reader.readObject().get("error") instanceof JsonObject error) {
                message = ": " + error.getString("message", "");
            }
        } catch (RuntimeException notJson) {
            // the status says enough
        }
        String what = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
        return switch (response.statusCode()) {
            case 401, 403 -> "the source refused " + what + " (" + response.statusCode() + message
                    + "): check sourceToken";
            case 404 -> what + " not found on the source" + message;
            default -> what + " answered " + response.statusCode() + message;
        };
    }

    private URI resolve(String path) {
        return URI.create(base + "/" + path);
    }

    private boolean sameOrigin(URI uri) {
        return origin(uri).equals(origin(base));
    }

    private static String origin(URI uri) {
        int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        return uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getHost().toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String query(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void close(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }
}
