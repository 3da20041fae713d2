package org.sregistry.image;

import org.sregistry.catalog.CatalogListener;
import org.sregistry.registry.Names;
import jakarta.persistence.CascadeType;
import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityListeners;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.QueryHint;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.sregistry.container.Container;
import org.sregistry.registry.Digest;
import org.sregistry.registry.Ids;
import org.sregistry.registry.RegistryException;
import org.sregistry.registry.SearchKeys;
import org.sregistry.sif.SifFile;
import org.sregistry.signature.Verdict;
import org.sregistry.signature.Verification;

/**
 * One SIF file of a container, identified by the sha256 of its bytes. An image is announced first
 * (hash only) and becomes visible to pulls once its bytes have arrived and matched that hash; its
 * bytes live in the blob store under the same digest, shared with every image of equal content.
 */
@Entity
@EntityListeners(CatalogListener.class)
@Table(name = "image")
@NamedQuery(name = Image.BY_DIGEST,
        query = "select i from Image i where i.container = :container and i.digest = :digest")
@NamedQuery(name = Image.BY_PATH_AND_DIGEST, query = "select i from Image i join i.container ct join ct.collection c"
        + " join c.namespace n where n.name = :entity and c.name = :collection and ct.name = :container and i.digest = :digest",
        // EclipseLink's join fetch of a path: container, collection and namespace in the same statement
        hints = @QueryHint(name = "eclipselink.join-fetch", value = "i.container.collection.namespace"))
@NamedQuery(name = Image.OF_CONTAINER,
        query = "select i from Image i where i.container = :container order by i.createdAt")
@NamedQuery(name = Image.COUNT_UPLOADED_WITH_DIGEST,
        query = "select count(i) from Image i where i.digest = :digest and i.uploaded = true")
@NamedQuery(name = Image.USAGE_OF_NAMESPACE,
        query = "select coalesce(sum(i.size), 0) from Image i where i.uploaded = true and i.container.collection.namespace = :namespace")
@NamedQuery(name = Image.USAGE_OF_COLLECTIONS,
        query = "select coalesce(sum(i.size), 0) from Image i where i.uploaded = true and i.container.collection in :collections")
public class Image {

    public static final String BY_DIGEST = "Image.byDigest";
    public static final String OF_CONTAINER = "Image.ofContainer";
    public static final String BY_PATH_AND_DIGEST = "Image.byPathAndDigest";
    public static final String COUNT_UPLOADED_WITH_DIGEST = "Image.countUploadedWithDigest";
    public static final String USAGE_OF_NAMESPACE = "Image.usageOfNamespace";
    public static final String USAGE_OF_COLLECTIONS = "Image.usageOfCollections";
    public static final int DESCRIPTION_MAX = 1024;
    /** Longest definition file or environment text kept (in characters); longer ones are cut. */
    public static final int SIF_TEXT_MAX = 65_536;
    /** Most labels kept per image; a SIF with more keeps the first ones. */
    public static final int LABELS_MAX = 256;
    /** Longest reason kept for a signature verdict. */
    public static final int SIGNATURE_REASON_MAX = 1024;

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "container_id")
    private Container container;

    @Column(nullable = false, length = Digest.HEX_LENGTH)
    private String digest;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(length = 32)
    private String arch;

    @Column(length = DESCRIPTION_MAX)
    private String description;

    @Column(nullable = false)
    private boolean uploaded;

    @Column(name = "download_count", nullable = false)
    private long downloadCount;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "uploaded_at")
    private Instant uploadedAt;

    /** The SIF version of the uploaded file; null until its bytes arrived and were read. */
    @Column(name = "sif_version", length = 2)
    private String sifVersion;

    @Column(name = "sif_arch", length = 32)
    private String sifArch;

    @Column(name = "sif_uuid", length = 36)
    private String sifUuid;

    @Lob
    @Column(name = "sif_deffile")
    private String deffile;

    @Lob
    @Column(name = "sif_environment")
    private String environment;

    @OneToMany(mappedBy = "image", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("descriptorId")
    private List<SifObject> sifObjects = new ArrayList<>();

    @OneToMany(mappedBy = "image", cascade = CascadeType.ALL, orphanRemoval = true)
    @OrderBy("key")
    private List<ImageLabel> labels = new ArrayList<>();

    /** The search index's keys of the description and label values ({@link SearchKeys}): kept here, read by search's SQL. */
    @ElementCollection
    @CollectionTable(name = "image_search_key", joinColumns = @JoinColumn(name = "image_id"))
    @Column(name = "search_key", nullable = false, length = SearchKeys.COLUMN_LENGTH)
    private Set<String> searchKeys = new HashSet<>();

    /** The signature verdict; null until verified (images uploaded before verification existed). */
    @Enumerated(EnumType.STRING)
    @Column(name = "signature_verdict", length = 16)
    private Verdict signatureVerdict;

    @Column(name = "signature_reason", length = SIGNATURE_REASON_MAX)
    private String signatureReason;

    /** Fingerprints of the signers of a VALID image, space-separated. */
    @Column(name = "signature_signers", length = 1024)
    private String signatureSigners;

    @Column(name = "signature_checked_at")
    private Instant signatureCheckedAt;

    /** When the first of a VALID image's signer keys expires (null: none does); VALID only until then. */
    @Column(name = "signature_expires_at")
    private Instant signatureExpiresAt;

    protected Image() {}

    public Image(Container container, Digest digest, String description) {
        this.id = Ids.next();
        this.container = container;
        this.digest = digest.hex();
        this.createdAt = Instant.now();
        setDescription(description);
    }

    /** The bytes have arrived and matched the digest: from now on the image can be pulled. */
    public void uploaded(long size) {
        this.size = size;
        this.uploaded = true;
        this.uploadedAt = Instant.now();
    }

    /**
     * Records what the image's SIF file says about itself, once: its objects, definition file,
     * labels and environment, and its primary architecture as the image's architecture (so a tag
     * for another architecture is refused from then on). The same digest always has the same
     * bytes, so a second call changes nothing.
     */
    public void describedBy(SifFile sif) {
        if (sifVersion != null) {
            return;
        }
        if (sif.primaryArch() != null) {
            assignArch(sif.primaryArch());
        }
        this.sifVersion = sif.header().version();
        this.sifArch = sif.primaryArch();
        this.sifUuid = sif.header().uuid();
        this.deffile = bounded(sif.deffile());
        this.environment = bounded(sif.environment());
        sif.descriptors().forEach(d -> sifObjects.add(new SifObject(this, d)));
        for (Map.Entry<String, String> label : sif.labels().entrySet()) {
            if (labels.size() == LABELS_MAX) {
                break;
            }
            if (!label.getKey().isEmpty() && label.getKey().length() <= ImageLabel.KEY_MAX) {
                labels.add(new ImageLabel(this, label.getKey(), label.getValue()));
            }
        }
        reindex();
    }

    /**
     * Records the outcome of verifying the image's signatures against the keystore. It depends on
     * the keystore as well as on the bytes, so a later verification replaces it.
     */
    public void signatureVerified(Verification verification) {
        this.signatureVerdict = verification.verdict();
        String reason = verification.reason();
        this.signatureReason = reason == null || reason.length() <= SIGNATURE_REASON_MAX ? reason
                : reason.substring(0, SIGNATURE_REASON_MAX);
        // at most 24 signers of 40 hex digits fit; more is unheard of and only shortens the list shown
        List<String> signers = verification.fingerprints().stream().limit(24).toList();
        this.signatureSigners = signers.isEmpty() ? null : String.join(" ", signers);
        this.signatureCheckedAt = Instant.now();
        this.signatureExpiresAt = verification.verdict() == Verdict.VALID ? verification.expiresAt() : null;
    }

    /**
     * Whether a VALID verdict has lapsed since it was recorded because a signer's key expired:
     * such an image counts as UNKNOWN_KEY from that moment, without being verified again.
     */
    private boolean signerKeyExpired() {
        return signatureVerdict == Verdict.VALID && signatureExpiresAt != null
                && !Instant.now().isBefore(signatureExpiresAt);
    }

    /** Whether the image carries signatures that verified with keys of this registry's keystore (unexpired). */
    public boolean isSignedValid() {
        return signatureVerdict == Verdict.VALID && !signerKeyExpired();
    }

    /** The verdict now (a VALID one whose signer key has since expired is UNKNOWN_KEY), or null when never verified. */
    public Verdict getSignatureVerdict() {
        return signerKeyExpired() ? Verdict.UNKNOWN_KEY : signatureVerdict;
    }

    public String getSignatureReason() {
        return signerKeyExpired() ? "the signer's key " + String.join(", ", signers()) + " expired at "
                + signatureExpiresAt : signatureReason;
    }

    /** The fingerprints of the signers when the verdict is VALID; empty otherwise. */
    public List<String> getSigners() {
        return signerKeyExpired() ? List.of() : signers();
    }

    private List<String> signers() {
        return signatureSigners == null ? List.of() : List.of(signatureSigners.split(" "));
    }

    /** When the first signer key of a VALID image expires; null when none does or the image is not VALID. */
    public Instant getSignatureExpiresAt() {
        return signatureExpiresAt;
    }

    public Instant getSignatureCheckedAt() {
        return signatureCheckedAt;
    }

    private static String bounded(String text) {
        return text == null || text.length() <= SIF_TEXT_MAX ? text : text.substring(0, SIF_TEXT_MAX);
    }

    /** Records the architecture; an image has one, so a contradicting one is refused. */
    public void assignArch(String arch) {
        if (this.arch != null && !this.arch.equals(arch)) {
            throw RegistryException.invalid("image " + digest().ref() + " is for " + this.arch + ", not " + arch);
        }
        this.arch = arch;
    }

    public Digest digest() {
        return new Digest(digest);
    }

    public String getId() {
        return id;
    }

    public Container getContainer() {
        return container;
    }

    public long getSize() {
        return size;
    }

    public String getArch() {
        return arch;
    }

    public String getDescription() {
        return description;
    }

    public void setDescription(String description) {
        this.description = Names.clip(description, DESCRIPTION_MAX);
        reindex();
    }

    /** The search index's keys of the description and the label values, as they are now. */
    private void reindex() {
        SearchKeys.replace(searchKeys,
                SearchKeys.of(Stream.concat(Stream.of(description), labels.stream().map(ImageLabel::getValue))));
    }

    public boolean isUploaded() {
        return uploaded;
    }

    public long getDownloadCount() {
        return downloadCount;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUploadedAt() {
        return uploadedAt;
    }

    /** Whether the SIF metadata of the uploaded bytes has been recorded. */
    public boolean isSifDescribed() {
        return sifVersion != null;
    }

    public String getSifVersion() {
        return sifVersion;
    }

    /** The primary architecture the SIF file declares, or null when it declares none. */
    public String getSifArch() {
        return sifArch;
    }

    public String getSifUuid() {
        return sifUuid;
    }

    public String getDeffile() {
        return deffile;
    }

    public String getEnvironment() {
        return environment;
    }

    public List<SifObject> getSifObjects() {
        return List.copyOf(sifObjects);
    }

    public List<ImageLabel> getLabels() {
        return List.copyOf(labels);
    }
}
