package org.sregistry.upload;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import org.sregistry.registry.Digest;
import org.sregistry.registry.Ids;

/**
 * One part of a multipart upload: its expected sha256 (from the client) and what arrived. A part is
 * hashed on its own only when its client declared its hash; otherwise its bytes are verified as part
 * of the whole file, and its ETag is a token of its own.
 */
@Entity
@Table(name = "upload_part")
public class UploadPart {

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "session_id")
    private UploadSession session;

    @Column(name = "part_number", nullable = false)
    private int number;

    @Column(name = "size_bytes", nullable = false)
    private long size;

    @Column(name = "expected_sha256", length = Digest.HEX_LENGTH)
    private String expectedSha256;

    @Column(name = "sha256", length = Digest.HEX_LENGTH)
    private String sha256;

    @Column(name = "etag", length = Digest.HEX_LENGTH)
    private String etag;

    protected UploadPart() {}

    UploadPart(UploadSession session, int number, long size) {
        this.id = Ids.next();
        this.session = session;
        this.number = number;
        this.size = size;
    }

    void expect(String expected) {
        this.expectedSha256 = expected == null || expected.isEmpty() ? null : Digest.ofHex(expected).hex();
    }

    /** The part's bytes arrived; {@code digest} is their sha256, or null when they were not hashed on their own. */
    void received(Digest digest) {
        this.sha256 = digest == null ? null : digest.hex();
        this.etag = digest == null ? Ids.next() : digest.hex();
    }

    public boolean isReceived() {
        return etag != null;
    }

    /** The ETag answered for this part and expected back on completion. */
    public String etag() {
        return "\"" + etag + "\"";
    }

    public int getNumber() {
        return number;
    }

    public long getSize() {
        return size;
    }

    public String getExpectedSha256() {
        return expectedSha256;
    }

    public String getSha256() {
        return sha256;
    }
}
