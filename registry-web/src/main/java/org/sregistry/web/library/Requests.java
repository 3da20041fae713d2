package org.sregistry.web.library;

import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import org.sregistry.registry.RegistryException;

/**
 * The JSON bodies the library client sends. Go marshals whole structs, so unknown and zero-valued
 * fields (empty ids, year-0001 times, nulls) arrive too and are ignored.
 */
public final class Requests {

    private Requests() {}

    public record NewEntity(String name, String description) {}

    public record NewCollection(String name, String description, String entity, @JsonbProperty("private") Boolean isPrivate) {}

    public record NewContainer(String name, String description, String collection) {}

    public record NewImage(String hash, String description, String container) {}

    public record Upload(Long filesize, String md5sum, String sha256sum) {}

    public record MultipartStart(Long filesize) {}

    public record MultipartPart(Long partSize, String uploadID, Integer partNumber, String sha256sum) {}

    public record CompletedPart(Integer partNumber, String token) {}

    public record MultipartComplete(String uploadID, List<CompletedPart> completedParts) {}

    public record MultipartAbort(String uploadID) {}

    /** v2 tag body: Go's struct has no JSON tags, so the keys are capitalised. */
    public record ArchTag(@JsonbProperty("Arch") String arch, @JsonbProperty("Tag") String tag,
            @JsonbProperty("ImageID") String imageId) {}

    public record V1Tag(@JsonbProperty("Tag") String tag, @JsonbProperty("ImageID") String imageId) {}

    static <T> T require(T body) {
        if (body == null) {
            throw RegistryException.invalid("a JSON request body is required");
        }
        return body;
    }

    static <T> T field(T value, String name) {
        if (value == null || (value instanceof String s && s.isEmpty())) {
            throw RegistryException.invalid("the JSON body needs '" + name + "'");
        }
        return value;
    }
}
