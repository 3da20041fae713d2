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

    public EntityJson entity(Caller caller, Namespace namespace) {
        List<String> ids = collections.visibleIn(caller, namespace).stream().map(ContainerCollection::getId).toList();
        return EntityJson.of(namespace, ids, namespaces.usage(namespace));
    }

    public CollectionJson collection(Caller caller, ContainerCollection collection) {
        List<String> ids = containers.visibleIn(caller, collection).stream().map(Container::getId).toList();
        return CollectionJson.of(collection, ids);
    }

    public ContainerJson container(Container container) {
        List<Image> all = images.imagesOf(container);
        List<String> ids = all.stream().filter(Image::isUploaded).map(Image::getId).toList();
        long size = all.stream().filter(Image::isUploaded).mapToLong(Image::getSize).sum();
        return ContainerJson.of(container, ids, containers.archTags(container), size);
    }

    public ImageJson image(Image image) {
        return ImageJson.of(image, images.tagsOf(image));
    }
}
