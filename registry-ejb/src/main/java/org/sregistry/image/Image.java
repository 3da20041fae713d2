package org.sregistry.image;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.container.Container;
import org.sregistry.registry.Digest;
import org.sregistry.registry.Ids;
import org.sregistry.registry.RegistryException;

/**
 * One SIF file of a container, identified by the sha256 of its bytes. An image is announced first
 * (hash only) and becomes visible to pulls once its bytes have arrived and matched that hash; its
 * bytes live in the blob store under the same digest, shared with every image of equal content.
 */
@Entity
@Table(name = "image")
@NamedQuery(name = Image.BY_DIGEST,
        query = "select i from Image i where i.container = :container and i.digest = :digest")
@NamedQuery(name = Image.OF_CONTAINER,
        query = "select i from Image i where i.container = :container order by i.createdAt")
@NamedQuery(name = Image.COUNT_UPLOADED_WITH_DIGEST,
        query = "select count(i) from Image i where i.digest = :digest and i.uploaded = true")
@NamedQuery(name = Image.USAGE_OF_NAMESPACE,
        query = "select coalesce(sum(i.size), 0) from Image i where i.uploaded = true and i.container.collection.namespace = :namespace")
@NamedQuery(name = Image.SEARCH,
        query = "select i from Image i join fetch i.container c join fetch c.collection where i.uploaded = true"
                + " and (c.name like :pattern or lower(c.description) like :pattern or lower(i.description) like :pattern)"
                + " order by c.name, i.createdAt")
public class Image {

    public static final String BY_DIGEST = "Image.byDigest";
    public static final String OF_CONTAINER = "Image.ofContainer";
    public static final String COUNT_UPLOADED_WITH_DIGEST = "Image.countUploadedWithDigest";
    public static final String USAGE_OF_NAMESPACE = "Image.usageOfNamespace";
    public static final String SEARCH = "Image.search";
    public static final int DESCRIPTION_MAX = 1024;

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

    /** Records the architecture; an image has one, so a contradicting one is refused. */
    public void assignArch(String arch) {
        if (this.arch != null && !this.arch.equals(arch)) {
            throw RegistryException.invalid("image " + digest().ref() + " is for " + this.arch + ", not " + arch);
        }
        this.arch = arch;
    }

    public void downloaded() {
        downloadCount++;
        container.downloaded();
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
        this.description = description == null || description.length() <= DESCRIPTION_MAX
                ? description : description.substring(0, DESCRIPTION_MAX);
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
}
