package org.sregistry.storage;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.sregistry.registry.Digest;

/**
 * The record of one stored blob. Its row is the lock that orders "an image starts using these
 * bytes" against "the last image using them is deleted", so a blob is never removed under a push.
 */
@Entity
@Table(name = "stored_blob") // BLOB is a reserved word in MariaDB
public class Blob {

    @Id
    @Column(length = Digest.HEX_LENGTH)
    private String digest;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

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
}
