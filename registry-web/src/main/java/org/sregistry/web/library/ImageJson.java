package org.sregistry.web.library;

import java.time.Instant;
import java.util.List;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.image.Image;
import org.sregistry.signature.Verdict;

/**
 * An image as the library API shows it, with the names the CLI prints in search results.
 * {@code signed} is true only when the image's signatures verified with keys of this registry's
 * keystore, and {@code fingerprints} then names the signers; {@code signature} explains a signed
 * image that did not verify (absent otherwise). {@code sif} carries what the image's SIF file
 * declares ({@link SifJson}); null before upload.
 */
public record ImageJson(String id, String hash, boolean uploaded, String description, String container,
        String containerName, String collection, String collectionName, String entity, String entityName, long size,
        String arch, Boolean signed, List<String> fingerprints, boolean encrypted, List<String> tags,
        String containerDescription, long containerStars, long containerDownloads, long downloadCount, String blob,
        boolean deleted, Instant createdAt, Instant updatedAt, String customData, SifJson sif,
        SignatureJson signature) {

    /** Why a signed image is not shown as signed: verdict UNKNOWN_KEY or INVALID, and the reason. */
    public record SignatureJson(String verdict, String reason) {

        static SignatureJson of(Image i) {
            Verdict v = i.getSignatureVerdict();
            return v == Verdict.UNKNOWN_KEY || v == Verdict.INVALID ? new SignatureJson(v.name(), i.getSignatureReason())
                    : null;
        }
    }

    public static ImageJson of(Image i, List<String> tags, SifJson sif) {
        Container c = i.getContainer();
        ContainerCollection col = c.getCollection();
        return new ImageJson(i.getId(), i.digest().ref(), i.isUploaded(), i.getDescription() == null ? "" : i.getDescription(),
                c.getId(), c.getName(), col.getId(), col.getName(), col.getNamespace().getId(), col.getNamespace().getName(),
                i.getSize(), i.getArch(), i.isSignedValid(), i.getSigners(), false, tags,
                c.getDescription() == null ? "" : c.getDescription(), 0, c.getDownloadCount(), i.getDownloadCount(),
                i.digest().ref(), false, i.getCreatedAt(), i.getUploadedAt() != null ? i.getUploadedAt() : i.getCreatedAt(), "",
                sif, SignatureJson.of(i));
    }
}
