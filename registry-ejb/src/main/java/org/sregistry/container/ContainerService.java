package org.sregistry.container;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sregistry.account.Caller;
import org.sregistry.audit.AuditEvent;
import org.sregistry.audit.AuditService;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.image.Image;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;
import org.sregistry.signature.SignatureService;

/** Finds and creates containers and moves their tags. */
@Stateless
public class ContainerService {

    private static final System.Logger LOG = System.getLogger(ContainerService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    CollectionService collections;

    @Inject
    AuditService audit;

    @Inject
    SignatureService signatures;

    public Optional<Container> find(ContainerCollection collection, String name) {
        return em.createNamedQuery(Container.BY_NAME, Container.class)
                .setParameter("collection", collection).setParameter("name", name)
                .getResultStream().findFirst();
    }

    public Container get(Caller caller, String entity, String collection, String name) {
        Names.requireName("container", name);
        ContainerCollection c = collections.get(caller, entity, collection);
        return find(c, name).orElseThrow(() -> RegistryException.notFound(
                "container " + entity + "/" + collection + "/" + name + " not found"));
    }

    public Container getById(Caller caller, String id) {
        Container container = id == null ? null : em.find(Container.class, id);
        if (container == null || !Permissions.canSee(caller, container.getCollection())) {
            throw RegistryException.notFound("container " + id + " not found");
        }
        return container;
    }

    /** Creates a container, or answers the existing one of that name (concurrent first pushes race here). */
    public Container createOrGet(Caller caller, String collectionId, String name, String description) {
        Names.requireName("container", name);
        ContainerCollection collection = collections.getById(caller, collectionId);
        Permissions.requirePush(caller, collection);
        em.refresh(collection, LockModeType.PESSIMISTIC_WRITE);
        Optional<Container> existing = find(collection, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        var container = new Container(collection, name);
        container.setDescription(description);
        em.persist(container);
        collection.touch();
        return container;
    }

    /**
     * Points a tag at an image. The container row is locked first, so concurrent tag writes on one
     * container run one after the other: the later write wins, and none fails on a duplicate row.
     */
    public Tag tag(Caller caller, String containerId, String tagName, String arch, String imageId) {
        Container container = getById(caller, containerId);
        Permissions.requirePush(caller, container.getCollection());
        em.refresh(container, LockModeType.PESSIMISTIC_WRITE);
        Image image = em.find(Image.class, imageId == null ? "" : imageId);
        if (image == null || !image.getContainer().getId().equals(container.getId())) {
            throw RegistryException.notFound("image " + imageId + " not found in container " + container.path());
        }
        if (!image.isUploaded()) {
            throw RegistryException.conflict("image " + image.digest().ref() + " has not been uploaded yet");
        }
        signatures.requireAccepted(container.getCollection(), image); // the collection's signature policy
        String effectiveArch = arch == null || arch.isEmpty()
                ? (image.getArch() != null ? image.getArch() : "amd64") : arch;
        image.assignArch(Names.requireArch(effectiveArch));
        Tag tag = container.tag(tagName, effectiveArch, image);
        audit.record(caller, AuditEvent.Action.TAG, container.path() + ":" + tagName,
                effectiveArch + " -> " + image.digest().ref());
        LOG.log(System.Logger.Level.INFO, "tagged {0}:{1} ({2}) -> {3}", container.path(), tagName, effectiveArch,
                image.digest().ref());
        return tag;
    }

    /** {@code {arch: {tag: imageId}}} of a container. */
    public Map<String, Map<String, String>> archTags(Container container) {
        Map<String, Map<String, String>> result = new TreeMap<>();
        for (Tag t : container.getTags()) {
            result.computeIfAbsent(t.getArch(), a -> new TreeMap<>()).put(t.getName(), t.getImage().getId());
        }
        return result;
    }

    /** Freezes (read-only) or thaws a tag: owners and staff only. */
    public Tag freeze(Caller caller, String entity, String collection, String name, String tagName, String arch,
            boolean frozen) {
        Container container = get(caller, entity, collection, name);
        // freezing protects a tag against those who push, contributors included: a manager's decision
        Permissions.requireManage(caller, container.getCollection());
        Tag tag = container.findTag(tagName, arch).orElseThrow(() -> RegistryException.notFound(
                "tag " + tagName + " (" + arch + ") not found in " + container.path()));
        tag.setFrozen(frozen);
        return tag;
    }

    /** Removes one tag of a container (the image stays): those who may push, not on a frozen tag. */
    public void untag(Caller caller, String containerId, String tagName, String arch) {
        Container container = getById(caller, containerId);
        Permissions.requirePush(caller, container.getCollection());
        em.refresh(container, LockModeType.PESSIMISTIC_WRITE);
        container.untag(tagName, arch);
        audit.record(caller, AuditEvent.Action.TAG, container.path() + ":" + tagName, arch + " removed");
    }

    /** The containers of a collection the caller may see, summarised for its page, by name. */
    public List<ContainerSummary> summaries(Caller caller, String entity, String collection) {
        ContainerCollection c = collections.get(caller, entity, collection);
        return visibleIn(caller, c).stream().map(this::summary).toList();
    }

    private ContainerSummary summary(Container container) {
        List<Image> images = em.createNamedQuery(Image.OF_CONTAINER, Image.class).setParameter("container", container)
                .getResultList().stream().filter(Image::isUploaded).toList();
        List<String> tags = container.getTags().stream().sorted(java.util.Comparator.comparing(Tag::getName)
                .thenComparing(Tag::getArch)).map(t -> t.getName() + " (" + t.getArch() + ")").toList();
        List<String> archs = images.stream().map(Image::getArch).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        long size = images.stream().mapToLong(Image::getSize).sum();
        java.time.Instant lastPush = images.stream().map(Image::getUploadedAt).filter(java.util.Objects::nonNull)
                .max(java.util.Comparator.naturalOrder()).orElse(null);
        return new ContainerSummary(container.getName(), container.getDescription(), tags, archs, size, lastPush,
                container.getDownloadCount());
    }

    public List<Container> visibleIn(Caller caller, ContainerCollection collection) {
        Permissions.requireVisible(caller, collection, collection.getName());
        return em.createNamedQuery(Container.IN_COLLECTION, Container.class).setParameter("collection", collection)
                .getResultList();
    }
}
