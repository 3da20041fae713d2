package org.sregistry.upload;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.registry.Digest;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/**
 * The metadata side of console uploads: where the caller may upload, the checks before the first
 * byte, and the one transaction that turns verified bytes into a tagged image, through the same
 * services (permissions, quota, SIF metadata, signatures, audit) as a library push.
 */
@Stateless
public class BrowserUploadService {

    static final int TARGETS_MAX = 1000;

    @PersistenceContext
    EntityManager em;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    ImageService images;

    @Inject
    UploadService uploads;

    /** A collection the caller may push to, by id and {@code entity/collection}. */
    public record PushTarget(String id, String path) {}

    /** The collections the caller may push to, by path (at most {@value #TARGETS_MAX}). */
    public List<PushTarget> pushTargets(Caller caller) {
        if (caller.isAnonymous() || !caller.canWrite()) {
            return List.of();
        }
        List<ContainerCollection> candidates;
        if (caller.isStaff()) {
            candidates = em.createQuery("select c from ContainerCollection c order by c.namespace.name, c.name",
                    ContainerCollection.class).setMaxResults(TARGETS_MAX).getResultList();
        } else {
            Set<String> teams = new HashSet<>(caller.teams().keySet());
            teams.add(""); // an empty IN list is not portable SQL
            candidates = em.createQuery("select distinct c from ContainerCollection c left join c.members m"
                    + " where c.namespace.owner.id = :account or c.namespace.teamId in :teams"
                    + " or m.account.id = :account or m.team.id in :teams", ContainerCollection.class)
                    .setParameter("account", caller.accountId()).setParameter("teams", teams).getResultList();
        }
        return candidates.stream().filter(c -> Permissions.canPush(caller, c))
                .map(c -> new PushTarget(c.getId(), c.getNamespace().getName() + "/" + c.getName()))
                .sorted(java.util.Comparator.comparing(PushTarget::path)).limit(TARGETS_MAX).toList();
    }

    /**
     * Checks everything that can be checked before the bytes arrive: the collection is visible and
     * the caller may push to it, the names are valid, the tag is not frozen, and the quota has room.
     * Answers the collection's {@code entity/collection} path.
     */
    public String requireUploadable(Caller caller, String collectionId, String container, String tag, String arch,
            long size) {
        if (caller.isAnonymous()) {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "log in to upload");
        }
        if (collectionId == null || collectionId.isBlank()) {
            throw RegistryException.invalid("choose a collection");
        }
        ContainerCollection collection = collections.getById(caller, collectionId);
        Permissions.requirePush(caller, collection);
        Names.requireName("container", container);
        Names.requireTag(tag);
        Names.requireArch(arch);
        if (size <= 0) {
            throw RegistryException.invalid("the file is empty: size must be at least 1 byte");
        }
        containers.find(collection, container).flatMap(c -> c.findTag(tag, arch)).filter(t -> t.isFrozen())
                .ifPresent(t -> {
                    throw RegistryException.conflict("tag '" + tag + "' (" + arch + ") of " + collection.getNamespace().getName()
                            + "/" + collection.getName() + "/" + container + " is frozen and cannot be overwritten");
                });
        uploads.requireQuota(collection.getNamespace(), size);
        return collection.getNamespace().getName() + "/" + collection.getName();
    }

    /**
     * In one transaction: the container (created on first upload), the image of {@code digest}
     * (whose verified bytes are already in the blob store), made visible and tagged.
     */
    public UploadService.Completed publish(Caller caller, BrowserUpload upload, Digest digest) {
        requireUploadable(caller, upload.getCollectionId(), upload.getContainer(), upload.getTag(), upload.getArch(), 1);
        Container container = containers.createOrGet(caller, upload.getCollectionId(), upload.getContainer(), null);
        em.flush(); // a container created just now must be in the database before announce locks its row
        Image image = images.announce(caller, container.getId(), digest, null);
        UploadService.Completed completed = uploads.completeVerified(caller, image.getId(), upload.getSize());
        containers.tag(caller, container.getId(), upload.getTag(), upload.getArch(), image.getId());
        return completed;
    }
}
