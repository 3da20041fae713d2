package org.sregistry.bundle;

import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.collection.Permissions;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.container.Tag;
import org.sregistry.image.Image;

/**
 * What a collection bundle holds: owners and staff export a collection (others get what they get
 * for the collection itself: 404 when they may not see it, 403 when they may only see it). Images
 * no tag points at are left out: a bundle moves what can be pulled by name.
 */
@Stateless
public class CollectionBundles {

    @PersistenceContext
    EntityManager em;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

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
}
