package org.sregistry.signature;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.sregistry.account.Caller;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.image.Image;
import org.sregistry.keystore.PublicKey;
import org.sregistry.sif.SifFile;
import org.sregistry.storage.BlobStore;
import org.sregistry.team.TeamService;

/**
 * Keeps each image's signature verdict in step with its bytes and the keystore: images are verified
 * when their upload completes, and verified again when a key their signatures name is added to the
 * keystore or revoked there. Only keys the keystore serves (not revoked by its owner or staff) are
 * trusted.
 */
@Stateless
public class SignatureService {

    /**
     * Most images verified again after one key change. Re-verification runs in the request that
     * changed the key and hashes whole images, so it is bounded; images beyond it keep their
     * verdict until pushed again.
     */
    public static final int REVERIFY_MAX = 200;

    private static final System.Logger LOG = System.getLogger(SignatureService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    BlobStore store;

    @Inject
    TeamService teams;

    /** Verifies the uploaded image's signatures and records the verdict on it. */
    public Verification verify(Image image, SifFile sif) {
        // the blob was just stored and parsed; failing to read it again is the server's problem
        Verification verification = store.read(image.digest(), channel -> SifVerifier.verify(channel, sif, this::trustedKey));
        image.signatureVerified(verification);
        LOG.log(System.Logger.Level.INFO, "signatures of {0}: {1}{2}", image.digest(), verification.verdict(),
                verification.reason() == null ? "" : " (" + verification.reason() + ")");
        return verification;
    }

    /**
     * Verifies again the uploaded images whose signature objects name {@code fingerprint} (after
     * that key was added, merged, reinstated or revoked), at most {@link #REVERIFY_MAX}. Answers how
     * many were verified.
     */
    public int reverifySignedBy(String fingerprint) {
        List<Image> images = em.createQuery("select distinct o.image from SifObject o where o.fingerprint = :fingerprint"
                + " and o.image.uploaded = true", Image.class).setParameter("fingerprint", fingerprint)
                .setMaxResults(REVERIFY_MAX).getResultList();
        for (Image image : images) {
            try {
                verify(image, store.read(image.digest(), SifFile::read));
            } catch (RuntimeException e) {
                // a blob that cannot be read must not block the key change: that image keeps its verdict
                LOG.log(System.Logger.Level.WARNING, "cannot verify " + image.digest() + " again", e);
            }
        }
        if (!images.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, "verified {0} image(s) signed by {1} again", images.size(), fingerprint);
        }
        return images.size();
    }

    /**
     * Throws FORBIDDEN, with the reason, when {@code image} (as verified now) breaks the signature
     * policy of {@code collection}; called before an image becomes visible under a tag (push,
     * browser upload, import, tag move).
     */
    public void requireAccepted(ContainerCollection collection, Image image) {
        SignaturePolicy policy = collection.getSignaturePolicy();
        if (policy == null || policy == SignaturePolicy.ANY) {
            return;
        }
        String path = collection.getNamespace().getName() + "/" + collection.getName();
        policy.refusal(path, image.getSignatureVerdict(), image.getSignatureReason(), image.getSigners(),
                collection.getSignerKeys(), fingerprint -> addedByMember(collection, fingerprint))
                .ifPresent(message -> {
                    LOG.log(System.Logger.Level.INFO, "refused {0} in {1}: {2}", image.digest(), path, message);
                    throw new SignaturePolicyRefusal(message);
                });
    }

    /**
     * Whether the served key {@code fingerprint} was added by an active account with a role on
     * {@code collection} (the namespace's owner or team, a member in person or through a team).
     */
    boolean addedByMember(ContainerCollection collection, String fingerprint) {
        return em.createNamedQuery(PublicKey.SERVED_BY_FINGERPRINT, PublicKey.class)
                .setParameter("fingerprint", fingerprint).getResultStream()
                .filter(k -> !k.isRevokedByHolder() && k.getOwner() != null)
                .map(PublicKey::getOwner)
                .filter(owner -> owner.isActive())
                .anyMatch(owner -> collection.roleOf(Caller.of(owner, true, Set.of(), teams.rolesOf(owner.getId()), false))
                        .isPresent());
    }

    /** The key with this fingerprint if the keystore serves it. */
    private Optional<PGPPublicKeyRing> trustedKey(String fingerprint) {
        return em.createNamedQuery(PublicKey.SERVED_BY_FINGERPRINT, PublicKey.class)
                .setParameter("fingerprint", fingerprint).getResultStream().findFirst()
                .filter(k -> !k.isRevokedByHolder())
                .map(k -> ring(k.getArmored()));
    }

    static PGPPublicKeyRing ring(String armored) {
        try {
            return new PGPPublicKeyRing(PGPUtil.getDecoderStream(
                    new ByteArrayInputStream(armored.getBytes(StandardCharsets.US_ASCII))), new BcKeyFingerprintCalculator());
        } catch (IOException e) {
            // the keystore only stores keys it parsed with the same library
            throw new IllegalStateException("stored key cannot be read", e);
        }
    }
}
