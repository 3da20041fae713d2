package org.sregistry.upload;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sregistry.image.Image;
import org.sregistry.registry.Ids;
import org.sregistry.registry.RegistryException;

/**
 * The upload of one image's bytes, single or in parts. Its bytes go to the upload area and enter
 * the blob store only when their size and sha256 match what the client declared.
 */
@Entity
@Table(name = "upload_session")
@NamedQuery(name = UploadSession.OF_IMAGE,
        query = "select u from UploadSession u where u.image = :image order by u.createdAt desc")
@NamedQuery(name = UploadSession.EXPIRED, query = "select u.id from UploadSession u where u.expiresAt < :now order by u.expiresAt")
public class UploadSession {

    public static final String OF_IMAGE = "UploadSession.ofImage";
    public static final String EXPIRED = "UploadSession.expired";

    /** REFUSED: the bytes arrived intact but are not a SIF file; completion answers why. */
    public enum State { OPEN, RECEIVED, REFUSED, COMPLETED, ABORTED }

    public static final int REFUSAL_MAX = 1024;

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @ManyToOne(optional = false, fetch = FetchType.LAZY)
    @JoinColumn(name = "image_id")
    private Image image;

    @Column(nullable = false)
    private boolean multipart;

    @Column(name = "expected_size", nullable = false)
    private long expectedSize;

    @Column(name = "part_size", nullable = false)
    private long partSize;

    @Column(name = "total_parts", nullable = false)
    private int totalParts;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 16)
    private State state;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(length = REFUSAL_MAX)
    private String refusal;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @OneToMany(mappedBy = "session", cascade = CascadeType.ALL, orphanRemoval = true)
    private List<UploadPart> parts = new ArrayList<>();

    protected UploadSession() {}

    UploadSession(Image image, boolean multipart, long expectedSize, long partSize, Instant expiresAt) {
        if (expectedSize < 0) {
            throw RegistryException.invalid("file size must not be negative");
        }
        this.id = Ids.next();
        this.image = image;
        this.multipart = multipart;
        this.expectedSize = expectedSize;
        this.partSize = multipart ? partSize : expectedSize;
        this.totalParts = multipart ? (int) Math.max(1, (expectedSize + partSize - 1) / partSize) : 1;
        this.state = State.OPEN;
        this.createdAt = Instant.now();
        this.expiresAt = expiresAt;
    }

    /** The exact length part {@code number} must have: {@code partSize}, or the remainder for the last. */
    public long lengthOfPart(int number) {
        requirePartNumber(number);
        return number < totalParts ? partSize : expectedSize - partSize * (totalParts - 1);
    }

    public long offsetOfPart(int number) {
        requirePartNumber(number);
        return partSize * (number - 1);
    }

    void requirePartNumber(int number) {
        if (number < 1 || number > totalParts) {
            throw RegistryException.invalid("part number " + number + " is outside 1.." + totalParts);
        }
    }

    void requireOpen() {
        if (state != State.OPEN && state != State.RECEIVED) {
            throw RegistryException.conflict("upload " + id + " is " + state.name().toLowerCase());
        }
    }

    Optional<UploadPart> part(int number) {
        return parts.stream().filter(p -> p.getNumber() == number).findFirst();
    }

    UploadPart expectPart(int number, String expectedSha) {
        requirePartNumber(number);
        UploadPart part = part(number).orElseGet(() -> {
            var p = new UploadPart(this, number, lengthOfPart(number));
            parts.add(p);
            return p;
        });
        part.expect(expectedSha);
        return part;
    }

    void received() {
        state = State.RECEIVED;
    }

    /** The bytes arrived but cannot become an image; they are gone, {@code why} is kept for completion. */
    void refused(String why) {
        state = State.REFUSED;
        refusal = why.length() <= REFUSAL_MAX ? why : why.substring(0, REFUSAL_MAX);
    }

    public String getRefusal() {
        return refusal;
    }

    void completed() {
        state = State.COMPLETED;
    }

    void aborted() {
        state = State.ABORTED;
    }

    public String getId() {
        return id;
    }

    public Image getImage() {
        return image;
    }

    public boolean isMultipart() {
        return multipart;
    }

    public long getExpectedSize() {
        return expectedSize;
    }

    public long getPartSize() {
        return partSize;
    }

    public int getTotalParts() {
        return totalParts;
    }

    public State getState() {
        return state;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }

    public List<UploadPart> getParts() {
        return List.copyOf(parts);
    }
}
