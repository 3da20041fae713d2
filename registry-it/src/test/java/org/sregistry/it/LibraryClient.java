package org.sregistry.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The library client's request sequences (container-library-client 1.2.2, see
 * shared/docs/library-api.md §4 and §9) over {@link ApiClient}, with the Go client's JSON bodies:
 * whole structs with zero values ({@code "id":""}, year-0001 times, {@code null} lists). Each step
 * asserts the status the real client accepts, so a test reads as the push or pull it performs.
 */
public final class LibraryClient {

    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final String BASE_MODEL = """
            "deleted":false,"createdBy":"","createdAt":"%1$s","updatedAt":"%1$s","deletedAt":"%1$s",\
            """.formatted(ZERO_TIME);

    private final ApiClient api;

    public LibraryClient(ApiClient api) {
        this.api = api;
    }

    public ApiClient api() {
        return api;
    }

    /** Where a push put its image. */
    public record Pushed(String entity, String collection, String container, String containerId, String imageId,
            byte[] bytes) {

        /** {@code entity/collection/container}. */
        public String path() {
            return entity + "/" + collection + "/" + container;
        }

        public String ref(String tag) {
            return path() + ":" + tag;
        }

        public String hashRef() {
            return TestImages.hashRef(bytes);
        }
    }

    public record ContainerIds(String entityId, String collectionId, String containerId) {}

    // ---- JSON bodies exactly as the Go client marshals them ---------------------------------------

    public static String entityJson(String name) {
        return "{" + BASE_MODEL + """
                "id":"","name":"%s","description":"No description","collections":null,"size":0,"quota":0,\
                "defaultPrivate":false,"customData":""}""".formatted(name);
    }

    public static String collectionJson(String name, String entityId, boolean isPrivate) {
        return "{" + BASE_MODEL + """
                "id":"","name":"%s","description":"No description","entity":"%s","containers":null,"size":0,\
                "private":%s,"customData":"","entityName":""}""".formatted(name, entityId, isPrivate);
    }

    public static String containerJson(String name, String collectionId) {
        return "{" + BASE_MODEL + """
                "id":"","name":"%s","description":"No description","fullDescription":"","collection":"%s",\
                "images":null,"imageTags":null,"archTags":null,"size":0,"downloadCount":0,"stars":0,\
                "private":false,"readOnly":false,"customData":"","entity":"","entityName":"",\
                "collectionName":""}""".formatted(name, collectionId);
    }

    public static String imageJson(String hashRef, String containerId) {
        return "{" + BASE_MODEL + """
                "id":"","hash":"%s","description":"","container":"%s","blob":"","size":0,"uploaded":false,\
                "signed":null,"arch":null,"fingerprints":null,"encrypted":false,"customData":"","entity":"",\
                "entityName":"","collection":"","collectionName":"","containerName":"","tags":null,\
                "containerDescription":"","containerStars":0,"containerDownloads":0}""".formatted(hashRef, containerId);
    }

    public static String uploadJson(byte[] bytes) {
        return """
                {"filesize":%d,"md5sum":"%s","sha256sum":"%s"}""".formatted(bytes.length, TestImages.md5(bytes),
                TestImages.sha256(bytes));
    }

    public static String archTagJson(String arch, String tag, String imageId) {
        return """
                {"Arch":"%s","Tag":"%s","ImageID":"%s"}""".formatted(arch, tag, imageId);
    }

    public static String tagJson(String tag, String imageId) {
        return """
                {"Tag":"%s","ImageID":"%s"}""".formatted(tag, imageId);
    }

    // ---- push -----------------------------------------------------------------------------------

    /** E1, then E2 on 404: the entity's id. */
    public String entity(String name) {
        ApiClient.Reply found = api.get("v1/entities/" + name);
        if (found.status() == 200) {
            return id(found);
        }
        found.expect(404);
        return id(api.postJson("v1/entities", entityJson(name)).expect(200));
    }

    /** C1, then C2 on 404. */
    public String collection(String entity, String entityId, String name, boolean isPrivate) {
        ApiClient.Reply found = api.get("v1/collections/" + entity + "/" + name);
        if (found.status() == 200) {
            return id(found);
        }
        found.expect(404);
        return id(api.postJson("v1/collections", collectionJson(name, entityId, isPrivate)).expect(200));
    }

    /** K1, then K2 on 404. */
    public String container(String entity, String collection, String collectionId, String name) {
        ApiClient.Reply found = api.get("v1/containers/" + entity + "/" + collection + "/" + name);
        if (found.status() == 200) {
            return id(found);
        }
        found.expect(404);
        return id(api.postJson("v1/containers", containerJson(name, collectionId)).expect(200));
    }

    /** The first half of every push: entity, collection and container, created where missing. */
    public ContainerIds ensureContainer(String entity, String collection, String container) {
        String entityId = entity(entity);
        String collectionId = collection(entity, entityId, collection, false);
        return new ContainerIds(entityId, collectionId, container(entity, collection, collectionId, container));
    }

    /** I1 by hash, then I2 on 404: the image as the registry shows it ({@code id}, {@code uploaded}). */
    public JsonObject announce(String path, String containerId, byte[] bytes, String arch) {
        ApiClient.Reply found = api.get("v1/images/" + path + ":" + TestImages.hashRef(bytes) + "?arch=" + arch);
        if (found.status() == 200) {
            return found.data();
        }
        found.expect(404);
        return api.postJson("v1/images", imageJson(TestImages.hashRef(bytes), containerId)).expect(200).data();
    }

    /** U2: the signed URL to PUT the whole file to. */
    public String startUpload(String imageId, byte[] bytes) {
        String url = api.postJson("v2/imagefile/" + imageId, uploadJson(bytes)).expect(200).data().getString("uploadURL");
        if (!URI.create(url).isAbsolute()) {
            throw new AssertionError("uploadURL must be absolute: " + url);
        }
        return url;
    }

    /** U3 as the client sends it: no Authorization, octet-stream, the content sha256 header. */
    public ApiClient.Reply putBytes(String url, byte[] bytes) {
        return api.transfer("PUT", url, bytes, "Content-Type", "application/octet-stream",
                "x-amz-content-sha256", TestImages.sha256(bytes));
    }

    /** U4: {@code {"quota":{...},"containerUrl":...}}. */
    public JsonObject complete(String imageId) {
        return api.putJson("v2/imagefile/" + imageId + "/_complete", "{}").expect(200).data();
    }

    /** U2, U3, U4: a v2 single upload. */
    public JsonObject uploadV2(String imageId, byte[] bytes) {
        putBytes(startUpload(imageId, bytes), bytes).expect(200);
        return complete(imageId);
    }

    /** T1 then T2, both answered 200 exactly. */
    public void tag(String containerId, String arch, String tag, String imageId) {
        api.get("v2/tags/" + containerId).expect(200);
        api.postJson("v2/tags/" + containerId, archTagJson(arch, tag, imageId)).expect(200);
    }

    /** A whole v2 push of {@code bytes} to {@code entity/collection/container} with {@code tags}. */
    public Pushed push(String entity, String collection, String container, byte[] bytes, String arch, String... tags) {
        ContainerIds ids = ensureContainer(entity, collection, container);
        String path = entity + "/" + collection + "/" + container;
        JsonObject image = announce(path, ids.containerId(), bytes, arch);
        String imageId = image.getString("id");
        if (!image.getBoolean("uploaded")) {
            api.get("version").expect(200);
            uploadV2(imageId, bytes);
        }
        Arrays.stream(tags.length == 0 ? new String[] {"latest"} : tags)
                .forEach(tag -> tag(ids.containerId(), arch, tag, imageId));
        return new Pushed(entity, collection, container, ids.containerId(), imageId, bytes);
    }

    /** A push of a fresh random image of {@code size} bytes to a new container in {@code entity}. */
    public Pushed pushNew(String entity, int size, String... tags) {
        return push(entity, "coll", TestImages.unique("ctr"), TestImages.sif(size), "amd64", tags);
    }

    // ---- multipart (files over the client's 64 MiB threshold; the ITs lower the part size) -------

    /** M1: starts a multipart upload of {@code bytes}. */
    public Multipart startMultipart(String imageId, byte[] bytes) {
        JsonObject started = api.postJson("v2/imagefile/" + imageId + "/_multipart",
                "{\"filesize\":" + bytes.length + "}").expect(200).data();
        return new Multipart(imageId, started.getString("uploadID"), started.getInt("totalParts"),
                started.getJsonNumber("partSize").longValue(), bytes);
    }

    /** A multipart upload in progress, with the slices of the file its parts must carry. */
    public record Multipart(String imageId, String uploadId, int totalParts, long partSize, byte[] bytes) {

        public byte[] part(int number) {
            int from = (int) ((number - 1) * partSize);
            int to = (int) Math.min(bytes.length, from + partSize);
            return Arrays.copyOfRange(bytes, from, to);
        }
    }

    /** M2: announces part {@code number} with its size and sha256 (empty: none); the reply holds presignedURL. */
    public ApiClient.Reply requestPart(Multipart upload, int number, long size, String sha256) {
        return api.putJson("v2/imagefile/" + upload.imageId() + "/_multipart", """
                {"partSize":%d,"uploadID":"%s","partNumber":%d,"sha256sum":"%s"}"""
                .formatted(size, upload.uploadId(), number, sha256));
    }

    /** M2 for {@code bytes} as part {@code number}, as an s3compliant client does: the part's presigned URL. */
    public String partUrl(Multipart upload, int number, byte[] bytes) {
        return requestPart(upload, number, bytes.length, TestImages.sha256(bytes)).expect(200).data()
                .getString("presignedURL");
    }

    /** M3: the part's bytes to its presigned URL, without Authorization, with its sha256 header. */
    public ApiClient.Reply putPart(String url, byte[] bytes) {
        return api.transfer("PUT", url, bytes, "x-amz-content-sha256", TestImages.sha256(bytes));
    }

    /**
     * M2 and M3 for {@code bytes} as part {@code number} without declaring their hash, as the real
     * client sends parts when the registry is not s3compliant; returns the ETag.
     */
    public String sendPartUndeclared(Multipart upload, int number, byte[] bytes) {
        String url = requestPart(upload, number, bytes.length, "").expect(200).data().getString("presignedURL");
        return api.transfer("PUT", url, bytes).expect(200).header("ETag").orElseThrow();
    }

    /** M2 then M3 for part {@code number} of the file; returns the ETag (the client's token). */
    public String sendPart(Multipart upload, int number) {
        byte[] part = upload.part(number);
        ApiClient.Reply reply = putPart(partUrl(upload, number, part), part).expect(200);
        return reply.header("ETag").orElseThrow(() -> new AssertionError("no ETag: " + reply.describe()));
    }

    /** M4 with {@code tokens} (part number to ETag, listed in the map's order). */
    public ApiClient.Reply completeMultipart(Multipart upload, Map<Integer, String> tokens) {
        String parts = tokens.entrySet().stream()
                .map(e -> "{\"partNumber\":" + e.getKey() + ",\"token\":" + Json.createValue(e.getValue()) + "}")
                .collect(Collectors.joining(","));
        return api.putJson("v2/imagefile/" + upload.imageId() + "/_multipart_complete",
                "{\"uploadID\":\"" + upload.uploadId() + "\",\"completedParts\":[" + parts + "]}");
    }

    /** M5. */
    public ApiClient.Reply abortMultipart(Multipart upload) {
        return api.putJson("v2/imagefile/" + upload.imageId() + "/_multipart_abort",
                "{\"uploadID\":\"" + upload.uploadId() + "\"}");
    }

    // ---- pull -----------------------------------------------------------------------------------

    /** D1 with redirects off: must be a 303 to an absolute URL; returns that URL. */
    public String downloadUrl(String ref, String arch) {
        ApiClient.Reply redirect = api.get("v1/imagefile/" + ref + "?arch=" + arch).expect(303);
        String location = redirect.header("Location")
                .orElseThrow(() -> new AssertionError("303 without Location: " + redirect.describe()));
        if (!URI.create(location).isAbsolute()) {
            throw new AssertionError("Location must be absolute (the client cannot follow a relative one): " + location);
        }
        return location;
    }

    /** The whole image behind {@code ref}, fetched from the redirect target without Authorization. */
    public byte[] pull(String ref, String arch) {
        return api.transfer("GET", downloadUrl(ref, arch), null).expect(200).body();
    }

    private static String id(ApiClient.Reply reply) {
        String id = reply.data().getString("id");
        if (id.isEmpty()) {
            throw new AssertionError("empty id: " + reply.describe());
        }
        return id;
    }
}
