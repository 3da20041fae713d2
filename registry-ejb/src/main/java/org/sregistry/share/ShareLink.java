package org.sregistry.share;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.image.Image;
import org.sregistry.registry.Ids;

/**
 * A temporary download link for one image. Only the sha256 of its secret is stored; the link itself
 * is shown once, when it is made. It is pinned to the image, not to the tag it was made from: moving
 * the tag later does not change what the link downloads.
 */
@Entity
@Table(name = "share_link")
@NamedQuery(name = ShareLink.BY_HASH, query = "select s from ShareLink s join fetch s.image where s.secretHash = :hash")
@NamedQuery(name = ShareLink.OF_CONTAINER, query = "select s from ShareLink s join fetch s.image i"
        + " where i.container = :container order by s.createdAt desc, s.id")
public class ShareLink {

    public static final String BY_HASH = "ShareLink.byHash";
    public static final String OF_CONTAINER = "ShareLink.ofContainer";
    public static final int TAG_MAX = 128;

    /** What a link does now. */
    public enum State { ACTIVE, EXPIRED, REVOKED }

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "image_id")
    private Image image;

    /** The tag (or {@code sha256.<hex>}) the link was made from, for people reading the list. */
    @Column(length = TAG_MAX)
    private String tag;

    @Column(name = "secret_hash", nullable = false, unique = true, length = 64)
    private String secretHash;

    @Column(name = "created_by", length = 128)
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    /** Downloads through this link; counted by {@code ShareService} in SQL, never here. */
    @Column(name = "download_count", nullable = false)
    private long downloadCount;

    protected ShareLink() {}

    ShareLink(Image image, String tag, String secretHash, String createdBy, Instant createdAt, Instant expiresAt) {
        this.id = Ids.next();
        this.image = image;
        this.tag = tag;
        this.secretHash = secretHash;
        this.createdBy = createdBy;
        this.createdAt = createdAt;
        this.expiresAt = expiresAt;
    }

    public State stateAt(Instant now) {
        if (revokedAt != null) {
            return State.REVOKED;
        }
        return now.isBefore(expiresAt) ? State.ACTIVE : State.EXPIRED;
    }

    /** Revokes the link (the first revocation's time stays); answers whether it was active until now. */
    boolean revoke(Instant now) {
        if (revokedAt != null) {
            return false;
        }
        revokedAt = now;
        return true;
    }

    public String getId() {
        return id;
    }

    public Image getImage() {
        return image;
    }

    public String getTag() {
        return tag;
    }

    public String getCreatedBy() {
        return createdBy;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }

    public long getDownloadCount() {
        return downloadCount;
    }
}
