package org.sregistry.web.library;

import java.time.Instant;
import java.util.List;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.image.Image;

/**
 * An image as the library API shows it, with the names the CLI prints in search results. No
 * signature is verified yet, so {@code signed} is absent (null) and {@code fingerprints} empty.
 * {@code sif} carries what the image's SIF file declares ({@link SifJson}); null before upload.
 */
public record ImageJson(String id, String hash, boolean uploaded, String description, String container,
        String containerName, String collection, String collectionName, String entity, String entityName, long size,
        String arch, Boolean signed, List<String> fingerprints, boolean encrypted, List<String> tags,
        String containerDescription, long containerStars, long containerDownloads, long downloadCount, String blob,
        boolean deleted, Instant createdAt, Instant updatedAt, String customData, SifJson sif) {

    public static ImageJson of(Image i, List<String> tags) {
        Container c = i.getContainer();
        ContainerCollection col = c.getCollection();
        return new ImageJson(i.getId(), i.digest().ref(), i.isUploaded(), i.getDescription() == null ? "" : i.getDescription(),
                c.getId(), c.getName(), col.getId(), col.getName(), col.getNamespace().getId(), col.getNamespace().getName(),
                i.getSize(), i.getArch(), null, List.of(), false, tags,
                c.getDescription() == null ? "" : c.getDescription(), 0, c.getDownloadCount(), i.getDownloadCount(),
                i.digest().ref(), false, i.getCreatedAt(), i.getUploadedAt() != null ? i.getUploadedAt() : i.getCreatedAt(), "",
                SifJson.of(i));
    }
}
