package org.sregistry.web.library;

import jakarta.json.bind.annotation.JsonbProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.image.Image;

/** A container with its images and tags, per architecture ({@code archTags}) and flattened ({@code imageTags}). */
public record ContainerJson(String id, String name, String description, String fullDescription, String collection,
        String collectionName, String entity, String entityName, List<String> images, Map<String, String> imageTags,
        Map<String, Map<String, String>> archTags, long size, long downloadCount, long stars,
        @JsonbProperty("private") boolean privateContainer, boolean readOnly, boolean deleted, Instant createdAt,
        Instant updatedAt, String customData) {

    /** A container with all its images (those not uploaded yet are left out) and its tags by architecture. */
    public static ContainerJson of(Container c, List<Image> images, Map<String, Map<String, String>> archTags) {
        List<Image> uploaded = images.stream().filter(Image::isUploaded).toList();
        return of(c, uploaded.stream().map(Image::getId).toList(), archTags,
                uploaded.stream().mapToLong(Image::getSize).sum());
    }

    public static ContainerJson of(Container c, List<String> imageIds, Map<String, Map<String, String>> archTags, long size) {
        ContainerCollection col = c.getCollection();
        Map<String, String> flat = new TreeMap<>();
        archTags.forEach((arch, tags) -> tags.forEach(flat::putIfAbsent));
        if (archTags.containsKey("amd64")) {
            flat.putAll(archTags.get("amd64"));
        }
        return new ContainerJson(c.getId(), c.getName(), text(c.getDescription()), text(c.getFullDescription()),
                col.getId(), col.getName(), col.getNamespace().getId(), col.getNamespace().getName(), imageIds, flat,
                archTags, size, c.getDownloadCount(), 0, col.isPrivate(), false, false, c.getCreatedAt(), c.getUpdatedAt(), "");
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }
}
