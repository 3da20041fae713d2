package org.sregistry.image;

import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.namespace.Namespace;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.Digest;
import org.sregistry.registry.Ids;
import org.sregistry.registry.ImageRef;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;
import org.sregistry.sif.SifFile;
import org.sregistry.signature.SignatureService;
import org.sregistry.storage.BlobService;
import org.sregistry.storage.BlobStore;
import org.sregistry.upload.UploadService;

/**
 * Brings a SIF file that is already on the server's file system into the registry, by the rules of
 * a push: the caller must be allowed to push, names are checked, the quota counts, and equal bytes
 * are stored once. It runs in two halves like a push does: {@link #store} streams the bytes into the
 * blob store outside any transaction, {@link #register} makes them an image and tags it.
 */
@Stateless
public class ImageImport {

    private static final System.Logger LOG = System.getLogger(ImageImport.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    BlobStore store;

    @Inject
    SignatureService signatures;

    @Inject
    BlobService blobs;

    @Inject
    NamespaceService namespaces;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    ImageService images;

    @Inject
    UploadService uploads;

    /** Bytes that are in the blob store, not yet used by any image. */
    public record Stored(Digest digest, long size) {}

    /** The outcome of an import: {@code added} is false when the container already had those bytes. */
    public record Imported(String imageId, String containerPath, Digest digest, long size, boolean added) {}

    /**
     * Copies {@code file} into the blob store, hashing it on the way; when the store has those
     * bytes already, the copy is dropped. Until {@link #register} uses them the bytes are garbage that
     * storage-cleanup may collect once they are older than its protection window.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Stored store(Path file) {
        String staging = "import-" + Ids.next();
        try (InputStream in = Files.newInputStream(file)) {
            BlobStore.Received received = store.write(in, store.uploadFile(staging), 0, Long.MAX_VALUE, null);
            store.commit(store.uploadFile(staging), received.digest());
            return new Stored(received.digest(), received.bytes());
        } catch (IOException e) {
            throw RegistryException.invalid("cannot read " + file.getFileName() + ": " + e.getMessage());
        } finally {
            store.deleteUpload(staging);
        }
    }

    /**
     * Streams {@code in} (an image downloaded from another library server) into a file of the upload
     * area, hashing it on the way, and moves it into the blob store only when its sha256 is
     * {@code expected}; otherwise the file is deleted, nothing is stored, and the mismatch is refused.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Stored store(InputStream in, Digest expected) {
        String staging = "mirror-" + Ids.next();
        try {
            BlobStore.Received received = store.write(in, store.uploadFile(staging), 0, Long.MAX_VALUE, null);
            if (!received.digest().equals(expected)) {
                throw RegistryException.invalid("sha256 mismatch: the source declared " + expected.ref() + " but "
                        + received.bytes() + " bytes arrived that hash to " + received.digest().ref());
            }
            store.commit(store.uploadFile(staging), received.digest());
            return new Stored(received.digest(), received.bytes());
        } finally {
            store.deleteUpload(staging);
        }
    }

    /**
     * The bytes {@code entity/collection/container:tag} (for {@code arch}; empty: the default) points
     * at, when that tag exists and its image is uploaded: what an import can leave alone.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED) // a missing tag must not doom the caller's transaction
    public Optional<Digest> tagged(Caller caller, String entity, String collection, String container,
            String tag, String arch) {
        try {
            Image image = images.resolve(caller, new ImageRef(entity, collection, container, tag, null), arch);
            return image.isUploaded() ? Optional.of(image.digest()) : Optional.empty();
        } catch (RegistryException missing) {
            return Optional.empty();
        }
    }

    /**
     * Makes stored bytes an image of {@code entity/collection/container} (the collection and
     * container are created when missing) and points {@code tag} at it. An image with the same bytes
     * already in the container is only re-tagged, so importing a file twice adds nothing.
     * <p>
     * It commits on its own rather than in a batch chunk's transaction: the job repository is a
     * second non-XA data source on Payara Micro, and one JTA transaction cannot hold two. Being
     * idempotent, a file whose chunk did not reach its checkpoint is simply registered again.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Imported register(Caller caller, String entity, String collection, String container, String tag,
            Stored stored) {
        return register(caller, entity, collection, container, tag, stored, false);
    }

    /**
     * As {@link #register(Caller, String, String, String, String, Stored)}; a collection it creates
     * is private when {@code privateIfNew} (a mirror of a private collection stays private), an
     * existing one keeps its setting.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public Imported register(Caller caller, String entity, String collection, String container, String tag,
            Stored stored, boolean privateIfNew) {
        Names.requireTag(tag);
        Namespace namespace = namespaces.get(entity);
        ContainerCollection target = collections.createOrGet(caller, namespace.getId(), collection, privateIfNew, null);
        em.flush(); // the next service locks the row, which must exist in the database by then
        Container into = containers.createOrGet(caller, target.getId(), container, null);
        em.flush();
        Image image = images.announce(caller, into.getId(), stored.digest(), null);
        boolean added = !image.isUploaded();
        if (added) {
            em.refresh(namespace, LockModeType.PESSIMISTIC_WRITE); // orders concurrent imports and pushes against the quota
            uploads.requireQuota(image, stored.size());
            blobs.acquire(stored.digest());
            // the same reading and verification as a push: a file that is not a valid SIF is refused here
            SifFile sif = store.read(stored.digest(), SifFile::read);
            image.describedBy(sif);
            signatures.verify(image, sif);
            signatures.requireAccepted(target, image); // the collection's signature policy, before the image is visible
            image.uploaded(stored.size());
            em.flush();
        }
        containers.tag(caller, into.getId(), tag, null, image.getId());
        LOG.log(System.Logger.Level.INFO, "{0} imported {1}:{2} ({3}, {4} bytes{5})", caller.username(), into.path(), tag,
                stored.digest(), stored.size(), added ? "" : ", already there");
        return new Imported(image.getId(), into.path(), stored.digest(), stored.size(), added);
    }

    /**
     * Gives {@code entity/collection} and its {@code container} the descriptions an import brings
     * (a bundle's), where they have none yet: an import never overwrites what is there.
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRES_NEW)
    public void describe(Caller caller, String entity, String collection, String container,
            String collectionDescription, String containerDescription) {
        ContainerCollection target = collections.get(caller, entity, collection);
        if (blank(target.getDescription()) && !blank(collectionDescription)) {
            Permissions.requireManage(caller, target);
            target.setDescription(collectionDescription);
        }
        Container into = containers.get(caller, entity, collection, container);
        if (blank(into.getDescription()) && !blank(containerDescription)) {
            Permissions.requirePush(caller, target);
            into.setDescription(containerDescription);
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
