package org.sregistry.image;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.container.Tag;
import org.sregistry.download.DownloadService;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.Digest;
import org.sregistry.registry.ImageRef;
import org.sregistry.registry.Names;
import org.sregistry.registry.Races;
import org.sregistry.registry.RegistryException;
import org.sregistry.storage.BlobService;
import org.sregistry.upload.UploadService;

/** Announces, finds, counts downloads of and deletes images. */
@Stateless
public class ImageService {

    private static final System.Logger LOG = System.getLogger(ImageService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    RegistryMetrics metrics;

    @Inject
    ContainerService containers;

    @Inject
    BlobService blobs;

    @Inject
    UploadService uploads;

    @Inject
    AuditService audit;

    @Inject
    DownloadService downloads;

    @Resource
    SessionContext context;

    /** What a pull needs once the image is chosen and counted. */
    public record Download(String imageId, Digest digest, long size) {}

    /**
     * Announces an image of {@code container} by its hash, or returns the one already announced:
     * concurrent pushes of equal bytes share one image row (the container row lock orders them).
     */
    public Image announce(Caller caller, String containerId, Digest digest, String description) {
        Container container = containers.getById(caller, containerId);
        Permissions.requirePush(caller, container.getCollection());
        em.refresh(container, LockModeType.PESSIMISTIC_WRITE);
        return findInContainer(container, digest).orElseGet(() -> {
            var image = new Image(container, digest, description);
            em.persist(image);
            return image;
        });
    }

    /**
     * {@link #announce} in a transaction of its own, for a push. Two pushes of the same bytes into
     * one container should be ordered by the container's row lock, but the suite once saw (H2, under
     * load) the second one's commit fail on the unique (container, digest) index: the client got a
     * 500 and its push failed. A failed announce is therefore tried again in a new transaction, which
     * finds the rival's row, so both pushes share one image as {@link #announce} promises.
     */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Image announceOrFind(Caller caller, String containerId, Digest digest, String description) {
        ImageService self = context.getBusinessObject(ImageService.class);
        return Races.retrying(() -> self.announce(caller, containerId, digest, description));
    }

    public Image getById(Caller caller, String id) {
        Image image = id == null ? null : em.find(Image.class, id);
        if (image == null || !Permissions.canSee(caller, image.getContainer().getCollection())) {
            throw RegistryException.notFound("image " + id + " not found");
        }
        return image;
    }

    /** An image and the names of its tags. */
    public record Tagged(Image image, List<String> tags) {}

    /**
     * The image a ref names, as {@link #resolve}, with its tag names: everything the library API's
     * image JSON shows but its labels and SIF objects ({@link #sifPartsOf}), in one transaction.
     */
    public Tagged describe(Caller caller, ImageRef ref, String arch) {
        Image image = resolve(caller, ref, arch);
        return new Tagged(image, tagsOf(image));
    }

    /**
     * What an image's SIF file said about itself beyond the image's own columns, as stored when its
     * bytes arrived ({@link Image#describedBy}): written once, never changed afterwards, so a node may
     * keep it for as long as it likes under the image's id.
     */
    public record SifParts(List<ImageLabel> labels, List<SifObject> objects) {}

    /**
     * The labels and SIF objects of images the caller has found (by {@link #describe}, {@link
     * #resolve} or a search), by image id, in one statement each for all of them; an image without
     * labels or objects (or whose bytes have not arrived) has empty lists.
     */
    public Map<String, SifParts> sifPartsOf(Collection<String> imageIds) {
        Map<String, List<ImageLabel>> labels = new HashMap<>();
        Map<String, List<SifObject>> objects = new HashMap<>();
        if (!imageIds.isEmpty()) {
            for (Object[] row : em.createNamedQuery(ImageLabel.OF_IMAGES, Object[].class).setParameter("ids", imageIds)
                    .getResultList()) {
                labels.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add((ImageLabel) row[1]);
            }
            for (Object[] row : em.createNamedQuery(SifObject.OF_IMAGES, Object[].class).setParameter("ids", imageIds)
                    .getResultList()) {
                objects.computeIfAbsent((String) row[0], id -> new ArrayList<>()).add((SifObject) row[1]);
            }
        }
        Map<String, SifParts> parts = new HashMap<>();
        for (String id : imageIds) {
            parts.put(id, new SifParts(labels.getOrDefault(id, List.of()), objects.getOrDefault(id, List.of())));
        }
        return parts;
    }

    /** The image a ref names for {@code arch} (empty: any), uploaded or only announced. */
    public Image resolve(Caller caller, ImageRef ref, String arch) {
        if (arch != null && !arch.isEmpty()) {
            Names.requireArch(arch);
        }
        // the common case, an image that exists and may be seen, in one statement; otherwise the
        // lookup step by step, which says what is missing (and answers what is hidden as missing)
        Optional<Image> found = find(ref, arch).filter(i -> Permissions.canSee(caller, i.getContainer().getCollection()));
        if (found.isPresent()) {
            return found.get();
        }
        Container container = containers.get(caller, ref.entity(), ref.collection(), ref.container());
        if (ref.digest() != null) {
            return findInContainer(container, ref.digest())
                    .orElseThrow(() -> RegistryException.notFound("image " + ref + " not found"));
        }
        return container.resolve(ref.tag(), arch).map(Tag::getImage)
                .orElseThrow(() -> RegistryException.notFound("image " + ref
                        + (arch == null || arch.isEmpty() ? "" : " for architecture " + arch) + " not found"));
    }

    /**
     * Resolves an image for a pull and counts the download (one call per pull: the library API's
     * {@code GET v1/imagefile}); a used-up weekly pull limit refuses it with {@code PullLimitExceeded}.
     */
    public Download download(Caller caller, ImageRef ref, String arch) {
        return download(caller, resolve(caller, ref, arch), ref.toString());
    }

    /**
     * Counts a pull of an image found otherwise (a share link's), exactly as a pull by ref:
     * uploaded and intact bytes only, counted for {@code caller} and refused when a weekly limit is used up.
     */
    public Download download(Caller caller, Image image, String what) {
        if (!image.isUploaded()) {
            throw RegistryException.notFound("image " + what + " has not been uploaded");
        }
        blobs.requireIntact(image.digest(), "image " + what);
        downloads.count(caller, image);
        metrics.pulled();
        return new Download(image.getId(), image.digest(), image.getSize());
    }

    /** Deletes the image a ref names, its tags and, when no other image shares them, its bytes. */
    public void delete(Caller caller, ImageRef ref, String arch) {
        delete(caller, resolve(caller, ref, arch));
    }

    /** Deletes an image the caller found (the console's delete, a collection's delete): as for a ref. */
    public void delete(Caller caller, Image image) {
        Container container = image.getContainer();
        Permissions.requirePush(caller, container.getCollection());
        em.refresh(container, LockModeType.PESSIMISTIC_WRITE);
        container.untagAll(image);
        uploads.discardAll(image);
        Digest digest = image.digest();
        em.remove(image);
        em.flush();
        blobs.releaseIfUnused(digest);
        LOG.log(System.Logger.Level.INFO, "{0} deleted an image of {1} ({2})", caller.username(), container.path(), digest);
        audit.record(caller, AuditEvent.Action.DELETE, container.path(), digest.ref());
    }

    /**
     * Images announced before {@code cutoff} whose bytes never arrived and that no upload session is
     * still bringing (sessions are swept when they expire, so an abandoned push ends up here).
     */
    public List<String> abandoned(Instant cutoff, int max) {
        return em.createQuery("select i.id from Image i where i.uploaded = false and i.createdAt < :cutoff"
                        + " and not exists (select u.id from UploadSession u where u.image = i) order by i.createdAt",
                        String.class)
                .setParameter("cutoff", cutoff).setMaxResults(max).getResultList();
    }

    /** Removes an announced image whose bytes never arrived (no-op if they arrived meanwhile). */
    public void discardAbandoned(String imageId) {
        Image image = em.find(Image.class, imageId);
        if (image == null) {
            return;
        }
        em.refresh(image.getContainer(), LockModeType.PESSIMISTIC_WRITE); // orders us against a completing upload
        em.refresh(image);
        if (!image.isUploaded()) {
            uploads.discardAll(image);
            em.remove(image);
            LOG.log(System.Logger.Level.INFO, "removed abandoned image {0} of {1}", image.digest(),
                    image.getContainer().path());
        }
    }

    public List<String> tagsOf(Image image) {
        return em.createNamedQuery(Tag.NAMES_OF_IMAGE, String.class).setParameter("id", image.getId()).getResultList();
    }

    /**
     * The images of a container the caller may see, with their SIF objects, labels and tags loaded,
     * for pages that show them after the transaction.
     */
    public List<Image> describedImagesOf(Caller caller, Container container) {
        Container seen = containers.getById(caller, container.getId());
        List<Image> images = imagesOf(seen);
        images.forEach(i -> {
            i.getSifObjects();
            i.getLabels();
        });
        seen.getTags().forEach(t -> t.getImage().getId());
        return images;
    }

    /** Deletes the image with this id (the console names images by id). */
    public void deleteById(Caller caller, String imageId) {
        delete(caller, getById(caller, imageId));
    }

    public List<Image> imagesOf(Container container) {
        return em.createNamedQuery(Image.OF_CONTAINER, Image.class).setParameter("container", container).getResultList();
    }

    /** The image at a ref's path, by digest or by tag (as {@link Container#resolve}), with its container, collection and namespace. */
    private Optional<Image> find(ImageRef ref, String arch) {
        if (ref.digest() != null) {
            return em.createNamedQuery(Image.BY_PATH_AND_DIGEST, Image.class).setParameter("entity", ref.entity())
                    .setParameter("collection", ref.collection()).setParameter("container", ref.container())
                    .setParameter("digest", ref.digest().hex()).getResultStream().findFirst();
        }
        List<Tag> named = em.createNamedQuery(Tag.BY_PATH, Tag.class).setParameter("entity", ref.entity())
                .setParameter("collection", ref.collection()).setParameter("container", ref.container())
                .setParameter("tag", ref.tag()).getResultList();
        Optional<Tag> tag = arch != null && !arch.isEmpty() ? named.stream().filter(t -> t.getArch().equals(arch)).findFirst()
                : named.size() == 1 ? Optional.of(named.get(0))
                : named.stream().filter(t -> t.getArch().equals("amd64")).findFirst();
        return tag.map(Tag::getImage);
    }

    private Optional<Image> findInContainer(Container container, Digest digest) {
        return em.createNamedQuery(Image.BY_DIGEST, Image.class).setParameter("container", container)
                .setParameter("digest", digest.hex()).getResultStream().findFirst();
    }
}
