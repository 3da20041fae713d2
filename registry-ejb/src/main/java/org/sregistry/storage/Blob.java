package org.sregistry.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.registry.Digest;

/**
 * The record of one stored blob. Its row is the lock that orders "an image starts using these
 * bytes" against "the last image using them is deleted", so a blob is never removed under a push.
 * A verification that finds the file no longer hashing to its digest marks the blob damaged: the
 * images that use it then refuse pulls instead of serving bad bytes.
 */
@Entity
@NamedQuery(name = Blob.DIGESTS_AFTER, query = "select b.digest from Blob b where b.digest > :after order by b.digest")
@NamedQuery(name = Blob.UNUSED_BEFORE, query = "select b.digest from Blob b where b.createdAt < :cutoff and not exists"
        + " (select i.id from Image i where i.digest = b.digest and i.uploaded = true)")
@NamedQuery(name = Blob.USED_DIGESTS, query = "select distinct i.digest from Image i where i.uploaded = true")
@Table(name = "stored_blob") // BLOB is a reserved word in MariaDB
public class Blob {

    @Id
    @Column(length = Digest.HEX_LENGTH)
    private String digest;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    public static final String DIGESTS_AFTER = "Blob.digestsAfter";
    public static final String UNUSED_BEFORE = "Blob.unusedBefore";
    public static final String USED_DIGESTS = "Blob.usedDigests";
    public static final int DAMAGE_MAX = 512;

    @Column(name = "damaged_at")
    private Instant damagedAt;

    @Column(length = DAMAGE_MAX)
    private String damage;

    protected Blob() {}

    public Blob(Digest digest, long size) {
        this.digest = digest.hex();
        this.size = size;
        this.createdAt = Instant.now();
    }

    public Digest digest() {
        return new Digest(digest);
    }

    public long getSize() {
        return size;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    /** Records the outcome of a verification: {@code problem} null means the bytes matched. */
    public void verified(String problem) {
        if (problem == null) {
            damagedAt = null;
            damage = null;
        } else {
            damagedAt = Instant.now();
            damage = problem.length() <= DAMAGE_MAX ? problem : problem.substring(0, DAMAGE_MAX);
        }
    }

    public boolean isDamaged() {
        return damagedAt != null;
    }

    public Instant getDamagedAt() {
        return damagedAt;
    }

    public String getDamage() {
        return damage;
    }
}
