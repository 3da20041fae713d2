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
                private java.nio.file.Path trash;

                @Override
                public void beforeCompletion() {
                    trash = store.moveToTrash(digest);
                }

                @Override
                public void afterCompletion(int status) {
                    if (status == Status.STATUS_COMMITTED) {
                        store.emptyTrash(trash);
                        LOG.log(System.Logger.Level.INFO, "deleted blob {0}", digest);
                    } else {
                        store.restoreFromTrash(trash, digest);
                    }
                }
            });
        }
    }
}
