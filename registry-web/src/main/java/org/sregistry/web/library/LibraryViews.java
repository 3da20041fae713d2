package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionService;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.container.ContainerService;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.namespace.Namespace;
import org.sregistry.namespace.NamespaceService;

/** Assembles the library API's JSON views of domain objects, with only what the caller may see. */
@ApplicationScoped
public class LibraryViews {

    @Inject
    NamespaceService namespaces;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    ImageService images;

    @Inject
    SifJsonCache sifs;

    public EntityJson entity(Caller caller, Namespace namespace) {
        List<ContainerCollection> visible = collections.visibleIn(caller, namespace);
        // the size counts what the caller may see: the bytes of private collections are theirs to know only
        long size = visible.size() == collections.countIn(namespace) ? namespaces.usage(namespace) : namespaces.usage(visible);
        return EntityJson.of(namespace, visible.stream().map(ContainerCollection::getId).toList(), size);
    }

    public CollectionJson collection(Caller caller, ContainerCollection collection) {
        List<String> ids = containers.visibleIn(caller, collection).stream().map(Container::getId).toList();
        return CollectionJson.of(collection, ids);
    }

    public ContainerJson container(Container container) {
        return ContainerJson.of(container, images.imagesOf(container), containers.archTags(container));
    }

    public ImageJson image(Image image) {
        return image(new ImageService.Tagged(image, images.tagsOf(image)));
    }

    /** An image found by {@link ImageService#describe}, its SIF view from this node's cache. */
    public ImageJson image(ImageService.Tagged found) {
        return ImageJson.of(found.image(), found.tags(), sifs.of(found.image()));
    }
}
