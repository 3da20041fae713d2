package org.sregistry.storage;

import jakarta.ejb.EJBException;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.sregistry.image.Image;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;

/** Keeps the blob rows in step with the files, under a row lock per digest. */
@Stateless
public class BlobService {

    private static final System.Logger LOG = System.getLogger(BlobService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    BlobStore store;

    @Resource
    SessionContext context;

    @Resource
    TransactionSynchronizationRegistry transactions;

    /**
     * Locks the blob row of {@code digest} (creating it if needed) and checks that its file is
     * there: after this, within the caller's transaction, the blob cannot be deleted.
     */
    public Blob acquire(Digest digest) {
        Blob blob = em.find(Blob.class, digest.hex(), LockModeType.PESSIMISTIC_WRITE);
        if (blob == null) {
            try {
                context.getBusinessObject(BlobService.class).insert(digest, store.size(digest));
            } catch (EJBException raced) {
                // another node inserted the same row first; locking it below is all we need
            }
            blob = em.find(Blob.class, digest.hex(), LockModeType.PESSIMISTIC_WRITE);
        }
        if (blob == null || !store.exists(digest)) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE,
                    "the bytes of " + digest + " are not in storage; upload the image again");
        }
        return blob;
    }

    /** A blob that nothing uses: its digest and the bytes deleting it frees. */
    public record Garbage(Digest digest, long bytes) {}

    /**
     * Blobs that no uploaded image uses and that are older than {@code cutoff}: rows without users,
     * and files under {@code blobs/} without users whether or not a row records them. Younger ones
     * are left out, since they may belong to a push that is completing right now.
     */
    public List<Garbage> garbage(Instant cutoff) {
        Set<String> used = new HashSet<>(em.createNamedQuery(Blob.USED_DIGESTS, String.class).getResultList());
        Set<String> candidates = new TreeSet<>(em.createNamedQuery(Blob.UNUSED_BEFORE, String.class)
                .setParameter("cutoff", cutoff).getResultList());
        store.storedDigests().stream().map(Digest::hex).filter(hex -> !used.contains(hex)).forEach(candidates::add);
        List<Garbage> garbage = new ArrayList<>();
        for (String hex : candidates) {
            Digest digest = new Digest(hex);
            if (!used.contains(hex) && olderThan(digest, cutoff)) {
                garbage.add(new Garbage(digest, bytesOf(digest)));
            }
        }
        return garbage;
    }

    /**
     * Deletes the blob of {@code digest} if it is still garbage, under the same row lock as
     * {@link #releaseIfUnused}: a push completing with these bytes either got the lock first (and
     * its image now uses them, so they stay) or waits and then finds them gone and is told to upload
     * again. A file without a row gets one first, so that there is a row to lock. Returns the bytes
     * freed (0 when the blob turned out to be in use or young).
     */
    public long collect(Digest digest, Instant cutoff) {
        if (!olderThan(digest, cutoff)) {
            return 0;
        }
        long bytes = bytesOf(digest);
        if (em.find(Blob.class, digest.hex()) == null && store.exists(digest)) {
            try {
                context.getBusinessObject(BlobService.class).insert(digest, bytes);
            } catch (EJBException raced) {
                // a push inserted the row first: the lock below orders us after it
            }
        }
        em.find(Blob.class, digest.hex(), LockModeType.PESSIMISTIC_WRITE);
        if (users(digest) > 0 || store.modified(digest).map(m -> !m.isBefore(cutoff)).orElse(false)) {
            return 0;
        }
        releaseIfUnused(digest);
        return bytes;
    }

    /**
     * Up to {@code max} recorded blobs after {@code after} (null: from the start), in digest order.
     * Outside any transaction, like {@link #recordVerification}: a batch chunk's transaction holds
     * the job repository's connection, and one JTA transaction cannot hold two non-XA data sources.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<Digest> digestsAfter(Digest after, int max) {
        return em.createNamedQuery(Blob.DIGESTS_AFTER, String.class).setParameter("after", after == null ? "" : after.hex())
                .setMaxResults(max).getResultStream().map(Digest::new).toList();
    }

    /** Records a verification of the blob's bytes, committed at once: {@code problem} null means they matched. */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void recordVerification(Digest digest, String problem) {
        Blob blob = em.find(Blob.class, digest.hex());
        if (blob == null) {
            return; // deleted since it was read: nothing left to mark
        }
        if (problem != null) {
            LOG.log(System.Logger.Level.WARNING, "blob {0} is damaged: {1}", digest, problem);
        } else if (blob.isDamaged()) {
            LOG.log(System.Logger.Level.INFO, "blob {0} verifies again", digest);
        }
        blob.verified(problem);
    }

    /** Throws UNAVAILABLE when the last verification found the bytes of {@code digest} damaged. */
    public void requireIntact(Digest digest, String what) {
        Blob blob = em.find(Blob.class, digest.hex());
        if (blob != null && blob.isDamaged()) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, what + " is unavailable: its stored bytes"
                    + " failed verification (" + blob.getDamage() + "); an administrator must restore the file,"
                    + " or delete the image and push it again");
        }
    }

    private boolean olderThan(Digest digest, Instant cutoff) {
        Blob row = em.find(Blob.class, digest.hex());
        return store.modified(digest).map(m -> m.isBefore(cutoff)).orElse(true)
                && (row == null || row.getCreatedAt().isBefore(cutoff));
    }

    private long bytesOf(Digest digest) {
        if (store.exists(digest)) {
            return store.size(digest);
        }
        Blob row = em.find(Blob.class, digest.hex());
        return row == null ? 0 : row.getSize();
    }

    private long users(Digest digest) {
        return ((Number) em.createNamedQuery(Image.COUNT_UPLOADED_WITH_DIGEST)
                .setParameter("digest", digest.hex()).getSingleResult()).longValue();
    }

    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void insert(Digest digest, long size) {
        em.persist(new Blob(digest, size));
    }

    /** Deletes the blob of {@code digest} if no uploaded image uses it any more. */
    public void releaseIfUnused(Digest digest) {
        Blob blob = em.find(Blob.class, digest.hex(), LockModeType.PESSIMISTIC_WRITE);
        long users = ((Number) em.createNamedQuery(Image.COUNT_UPLOADED_WITH_DIGEST)
                .setParameter("digest", digest.hex()).getSingleResult()).longValue();
        if (users == 0) {
            if (blob != null) {
                em.remove(blob);
            }
            // The file leaves while the row lock is held (a push of the same bytes waits for it)
            // but is only destroyed after commit: a rollback puts it back.
            transactions.registerInterposedSynchronization(new Synchronization() {
                private BlobBackend.Trash trash;

                @Override
                public void beforeCompletion() {
                    trash = store.moveToTrash(digest);
                }

                @Override
                public void afterCompletion(int status) {
                    if (trash == null) {
                        return;
                    }
                    if (status == Status.STATUS_COMMITTED) {
                        trash.empty();
                        LOG.log(System.Logger.Level.INFO, "deleted blob {0}", digest);
                    } else {
                        trash.restore();
                    }
                }
            });
        }
    }
}
