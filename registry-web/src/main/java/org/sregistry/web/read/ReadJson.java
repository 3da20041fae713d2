package org.sregistry.web.read;

import java.time.Instant;
import java.util.List;
import org.sregistry.catalog.CollectionRow;
import org.sregistry.catalog.ContainerListing;
import org.sregistry.image.Image;
import org.sregistry.web.library.SifJson;

/** Response shapes of the public read API (inside the usual {@code {"data": ...}} envelope). */
public final class ReadJson {

    private ReadJson() {}

    /**
     * A page: {@code total} rows match the filters for this caller, {@code items} are those from
     * {@code offset}; {@code next}/{@code prev} are the addresses of the neighbouring pages (absent at
     * either end), {@code nextOffset}/{@code prevOffset} their offsets.
     */
    public record Page<T>(long total, int offset, int limit, List<T> items, Integer nextOffset, Integer prevOffset,
            String next, String prev) {}

    /** A collection with its figures; {@code containers} counts all its containers, {@code containersUrl} lists them. */
    public record CollectionItem(String entity, String name, String path, String description, boolean isPrivate,
            long containers, long images, long sizeBytes, Instant lastPush, long downloads, long stars,
            String containersUrl) {

        static CollectionItem of(CollectionRow r, String base) {
            return new CollectionItem(r.entity(), r.name(), r.path(), r.description() == null ? "" : r.description(),
                    r.isPrivate(), r.containers(), r.images(), r.sizeBytes(), r.lastPush(), r.downloads(), r.stars(),
                    base + "/api/collections/" + r.path() + "/containers");
        }
    }

    /** A container with its figures and tag names. */
    public record ContainerItem(String entity, String collection, String name, String path, String description,
            boolean isPrivate, long images, long sizeBytes, Instant lastPush, long downloads, boolean signed,
            List<String> tags, Instant updatedAt) {

        static ContainerItem of(ContainerListing r) {
            return new ContainerItem(r.entity(), r.collection(), r.name(), r.path(),
                    r.description() == null ? "" : r.description(), r.isPrivate(), r.images(), r.sizeBytes(),
                    r.lastPush(), r.downloads(), r.signed(), r.tags(), r.updatedAt());
        }
    }

    /**
     * What the registry concluded about an image's signatures: {@code verdict} is UNSIGNED, VALID,
     * UNKNOWN_KEY, INVALID or UNVERIFIED (pushed before verification existed); {@code signed} is true
     * only for VALID, and {@code fingerprints} then name the signers.
     */
    public record SignatureJson(String verdict, boolean signed, List<String> fingerprints, String reason) {

        static SignatureJson of(Image i) {
            return new SignatureJson(i.getSignatureVerdict() == null ? "UNVERIFIED" : i.getSignatureVerdict().name(),
                    i.isSignedValid(), i.isSignedValid() ? i.getSigners() : List.of(), i.getSignatureReason());
        }
    }

    /**
     * An image's metadata: {@code ref} is how it was asked for, {@code tags} every tag on it,
     * {@code sha256} its digest in hex, {@code sif} what its SIF file declares (labels, definition
     * file, partitions...), {@code downloadUrl} the library API's pull of exactly these bytes.
     */
    public record ImageMetadata(String entity, String collection, String container, String ref, List<String> tags,
            String arch, long size, String sha256, String hash, Instant uploadedAt, long downloads,
            SignatureJson signature, SifJson sif, String downloadUrl) {}
}
