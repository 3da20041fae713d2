package org.sregistry.bundle;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.container.Tag;
import org.sregistry.image.Image;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;
import org.sregistry.storage.BlobService;
import org.sregistry.storage.BlobStore;

/**
 * What a collection bundle holds: owners and staff export a collection (others get what they get
 * for the collection itself: 404 when they may not see it, 403 when they may only see it). Images
 * no tag points at are left out: a bundle moves what can be pulled by name. Before a bundle is
 * streamed, every blob it needs must be there with its size and not marked damaged, so that such a
 * fault is a clean error instead of a broken download; bytes found damaged while streaming are
 * recorded on their blob as storage-verify would.
 */
@Stateless
public class CollectionBundles {

    @PersistenceContext
    EntityManager em;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    BlobService blobs;

    @Inject
    BlobStore store;

    public BundleManifest manifest(Caller caller, String entity, String name, String sourceUrl, String sourceName) {
        ContainerCollection collection = collections.get(caller, entity, name);
        Permissions.requireManage(caller, collection);
        List<BundleManifest.ContainerEntry> entries = new ArrayList<>();
        for (Container container : containers.visibleIn(caller, collection).stream()
                .sorted(Comparator.comparing(Container::getName)).toList()) {
            List<BundleManifest.ImageEntry> images = new ArrayList<>();
            for (Image image : em.createNamedQuery(Image.OF_CONTAINER, Image.class).setParameter("container", container)
                    .getResultList()) {
                List<String> tags = container.getTags().stream().filter(t -> t.getImage().getId().equals(image.getId()))
                        .map(Tag::getName).distinct().sorted().toList();
                if (image.isUploaded() && !tags.isEmpty()) {
                    images.add(new BundleManifest.ImageEntry(image.digest().hex(), image.getSize(), image.getArch(), tags));
                }
            }
            images.sort(Comparator.comparing(BundleManifest.ImageEntry::sha256));
            entries.add(new BundleManifest.ContainerEntry(container.getName(), container.getDescription(), images));
        }
        return new BundleManifest(BundleManifest.FORMAT_VERSION, sourceUrl, sourceName, Instant.now(),
                new BundleManifest.CollectionEntry(entity, collection.getName(), collection.getDescription(),
                        collection.isPrivate(), entries));
    }

    /**
     * Throws UNAVAILABLE (an error answer, before any byte of the bundle is sent) when a blob the
     * bundle needs is missing, was marked damaged by a verification, or has another size than its
     * image: cheap checks (one look-up per blob), not a hash of the bytes.
     */
    public void requireStored(BundleManifest manifest) {
        Set<String> seen = new HashSet<>();
        for (BundleManifest.ContainerEntry container : manifest.collection().containers()) {
            for (BundleManifest.ImageEntry image : container.images()) {
                if (!seen.add(image.sha256())) {
                    continue;
                }
                Digest digest = Digest.ofHex(image.sha256());
                String what = "the bundle cannot be exported: image " + container.name() + "@" + digest.ref();
                blobs.requireIntact(digest, what);
                long stored;
                try {
                    stored = store.size(digest);
                } catch (RegistryException missing) {
                    throw new RegistryException(RegistryException.Reason.UNAVAILABLE, what + " is unavailable: "
                            + missing.getMessage());
                }
                if (stored != image.size()) {
                    String problem = "the stored blob has " + stored + " bytes, not " + image.size();
                    damaged(digest, problem);
                    throw new RegistryException(RegistryException.Reason.UNAVAILABLE, what + " is unavailable: its stored"
                            + " bytes are damaged (" + problem + "); an administrator must restore the file, or delete"
                            + " the image and push it again");
                }
            }
        }
    }

    /** Records on the blob (and in the log) that its bytes are damaged: pulls of it are refused until it verifies again. */
    public void damaged(Digest digest, String problem) {
        blobs.recordVerification(digest, problem);
    }
}
