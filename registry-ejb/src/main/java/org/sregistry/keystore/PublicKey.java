package org.sregistry.keystore;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sregistry.account.Account;
import org.sregistry.account.Caller;
import org.sregistry.registry.Ids;

/**
 * An OpenPGP public key published in the keystore, so that verifiers of signed images can fetch it by
 * the key ID in a signature. It belongs to the account that first added it. Adding it again merges
 * the new user ids and signatures into it. Its owner (or staff) may revoke it: a revoked key stays
 * stored, so nobody else can publish it again, but lookups no longer return it. (A key's own OpenPGP
 * revocation signature is something else: such a key is still served, flagged revoked, so that
 * verifiers learn of the revocation.)
 */
@Entity
@Table(name = "public_key")
@NamedQuery(name = PublicKey.BY_FINGERPRINT, query = "select k from PublicKey k where k.fingerprint = :fingerprint")
@NamedQuery(name = PublicKey.SERVED_BY_FINGERPRINT,
        query = "select k from PublicKey k where k.fingerprint = :fingerprint and k.revoked = false")
@NamedQuery(name = PublicKey.SERVED_BY_KEY_ID, query = "select distinct k from PublicKey k join k.keyIds i"
        + " where i = :keyId and k.revoked = false order by k.fingerprint")
@NamedQuery(name = PublicKey.SERVED_BY_SHORT_KEY_ID, query = "select distinct k from PublicKey k join k.keyIds i"
        + " where i like :pattern and k.revoked = false order by k.fingerprint")
@NamedQuery(name = PublicKey.SERVED_BY_TEXT, query = "select distinct k from PublicKey k join k.userIds u"
        + " where lower(u.uid) like :pattern and k.revoked = false order by k.fingerprint")
@NamedQuery(name = PublicKey.SERVED_BY_USER_ID, query = "select distinct k from PublicKey k join k.userIds u"
        + " where lower(u.uid) = :uid and k.revoked = false order by k.fingerprint")
@NamedQuery(name = PublicKey.OF_OWNER, query = "select k from PublicKey k where k.owner.id = :owner order by k.addedAt")
@NamedQuery(name = PublicKey.ALL, query = "select k from PublicKey k order by k.addedAt")
public class PublicKey {

    public static final String BY_FINGERPRINT = "PublicKey.byFingerprint";
    public static final String SERVED_BY_FINGERPRINT = "PublicKey.servedByFingerprint";
    public static final String SERVED_BY_KEY_ID = "PublicKey.servedByKeyId";
    public static final String SERVED_BY_SHORT_KEY_ID = "PublicKey.servedByShortKeyId";
    public static final String SERVED_BY_TEXT = "PublicKey.servedByText";
    public static final String SERVED_BY_USER_ID = "PublicKey.servedByUserId";
    public static final String OF_OWNER = "PublicKey.ofOwner";
    public static final String ALL = "PublicKey.all";

    @Id
    @Column(length = Ids.LENGTH)
    private String id;

    @Column(nullable = false, unique = true, length = 40)
    private String fingerprint;

    @Column(name = "key_id", nullable = false, length = 16)
    private String keyId;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "public_key_id", joinColumns = @JoinColumn(name = "public_key_id"))
    @Column(name = "key_id", length = 16)
    private Set<String> keyIds = new HashSet<>();

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "public_key_uid", joinColumns = @JoinColumn(name = "public_key_id"))
    private List<UserId> userIds = new ArrayList<>();

    @Column(nullable = false)
    private int algorithm;

    @Column(nullable = false)
    private int bits;

    @Column(name = "key_created_at", nullable = false)
    private Instant keyCreatedAt;

    @Column(name = "key_expires_at")
    private Instant keyExpiresAt;

    @Column(name = "pgp_revoked", nullable = false)
    private boolean revokedByHolder;

    @Lob
    @Column(name = "armored_text", nullable = false)
    private String armored;

    @ManyToOne(fetch = FetchType.EAGER)
    @JoinColumn(name = "owner_id")
    private Account owner;

    @Column(nullable = false)
    private boolean revoked;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "revoked_at")
    private Instant revokedAt;

    protected PublicKey() {}

    /** A key first published by {@code owner} (null when anonymous adds are allowed and nobody logged in). */
    public PublicKey(OpenPgpKey key, Account owner) {
        this.id = Ids.next();
        this.owner = owner;
        this.addedAt = Instant.now();
        update(key);
    }

    /** Takes the (merged) key's content: its armored text and everything the lookups search. */
    public final void update(OpenPgpKey key) {
        if (fingerprint != null && !fingerprint.equals(key.fingerprint())) {
            throw new IllegalArgumentException("key " + key.fingerprint() + " is not " + fingerprint);
        }
        this.fingerprint = key.fingerprint();
        this.keyId = key.keyId();
        this.keyIds.clear();
        this.keyIds.addAll(key.keyIds());
        this.userIds.clear();
        // a user id longer than the column is kept in the key but not searchable
        key.userIds().stream().filter(u -> u.length() <= UserId.MAX).map(UserId::new).forEach(userIds::add);
        this.algorithm = key.algorithm();
        this.bits = key.bits();
        this.keyCreatedAt = key.created();
        this.keyExpiresAt = key.expires().orElse(null);
        this.revokedByHolder = key.revokedByHolder();
        this.armored = key.armored();
        this.updatedAt = Instant.now();
    }

    /** The key as an OpenPGP object again, e.g. to merge a re-added copy into it. */
    public OpenPgpKey openPgpKey() {
        return OpenPgpKey.parse(armored);
    }

    public boolean isOwnedBy(String accountId) {
        return owner != null && owner.getId().equals(accountId);
    }

    /** Its owner and staff may revoke (or reinstate) a key. */
    public boolean isManageableBy(Caller caller) {
        return !caller.isAnonymous() && (caller.isStaff() || isOwnedBy(caller.accountId()));
    }

    public void revoke() {
        if (!revoked) {
            revoked = true;
            revokedAt = Instant.now();
        }
    }

    public void reinstate() {
        revoked = false;
        revokedAt = null;
    }

    public String getId() {
        return id;
    }

    public String getFingerprint() {
        return fingerprint;
    }

    public String getKeyId() {
        return keyId;
    }

    public Set<String> getKeyIds() {
        return Set.copyOf(keyIds);
    }

    public List<String> getUserIds() {
        return userIds.stream().map(UserId::value).toList();
    }

    public int getAlgorithm() {
        return algorithm;
    }

    public int getBits() {
        return bits;
    }

    public Instant getKeyCreatedAt() {
        return keyCreatedAt;
    }

    public Instant getKeyExpiresAt() {
        return keyExpiresAt;
    }

    public boolean isRevokedByHolder() {
        return revokedByHolder;
    }

    public String getArmored() {
        return armored;
    }

    public Account getOwner() {
        return owner;
    }

    public boolean isRevoked() {
        return revoked;
    }

    public Instant getAddedAt() {
        return addedAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }

    public Instant getRevokedAt() {
        return revokedAt;
    }
}
