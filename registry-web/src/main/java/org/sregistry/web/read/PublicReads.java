package org.sregistry.web.read;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.UriInfo;
import org.sregistry.account.Caller;
import org.sregistry.catalog.CatalogService;
import org.sregistry.catalog.CollectionPage;
import org.sregistry.catalog.CollectionQuery;
import org.sregistry.catalog.ContainerPage;
import org.sregistry.catalog.ContainerQuery;
import org.sregistry.collection.CollectionService;
import org.sregistry.image.Image;
import org.sregistry.image.ImageService;
import org.sregistry.registry.ImageRef;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.PublicUrl;
import org.sregistry.web.library.SifJsonCache;

/**
 * The read API's answers: what the caller (anonymous, or the bearer token's account) may see and
 * nothing else. Privacy lives in the catalog's SQL, so totals never count what is hidden, and a
 * private collection or image answers exactly like a missing one (404).
 */
@RequestScoped
public class PublicReads {

    @Inject
    Caller caller;

    @Inject
    CatalogService catalog;

    @Inject
    CollectionService collections;

    @Inject
    ImageService images;

    @Inject
    PublicUrl publicUrl;

    @Inject
    SifJsonCache sifs;

    public ReadJson.Page<ReadJson.CollectionItem> collections(ListParams p, UriInfo uri) {
        ReadParams.Window window = ReadParams.window(p.offset, p.limit);
        ReadParams.Order<CollectionQuery.Sort> order = ReadParams.order(p.sort, p.order, ReadParams.COLLECTION_SORTS);
        ReadParams.Label label = ReadParams.label(p.label);
        Boolean signed = ReadParams.signed(p.signed);
        if (p.collection != null && !p.collection.isBlank()) {
            throw RegistryException.invalid("collection is a filter of the container lists; use q to match collection names");
        }
        CollectionPage page = catalog.page(caller, new CollectionQuery(p.q, p.entity, p.tag, label.key(), label.value(),
                order.sort(), order.ascending(), window.offset(), window.limit(), signed));
        String base = publicUrl.base(uri);
        return ReadLinks.page(page.total(), window, page.rows(), r -> ReadJson.CollectionItem.of(r, base), uri, base);
    }

    public ReadJson.Page<ReadJson.ContainerItem> containers(ListParams p, UriInfo uri) {
        ReadParams.Window window = ReadParams.window(p.offset, p.limit);
        ReadParams.Order<ContainerQuery.Sort> order = ReadParams.order(p.sort, p.order, ReadParams.CONTAINER_SORTS);
        ReadParams.Label label = ReadParams.label(p.label);
        Boolean signed = ReadParams.signed(p.signed);
        ContainerPage page = catalog.containers(caller, new ContainerQuery(p.q, p.entity, p.collection, p.tag,
                label.key(), label.value(), signed, order.sort(), order.ascending(), window.offset(), window.limit()));
        return ReadLinks.page(page.total(), window, page.rows(), ReadJson.ContainerItem::of, uri, publicUrl.base(uri));
    }

    /** The containers of one collection; 404 when the caller may not see it. */
    public ReadJson.Page<ReadJson.ContainerItem> containersOf(String entity, String collection, ListParams p,
            UriInfo uri) {
        ReadParams.window(p.offset, p.limit);
        collections.get(caller, entity, collection);
        p.entity = entity;
        p.collection = collection;
        return containers(p, uri);
    }

    /** An uploaded image by {@code entity/collection/container:tag} (or {@code :sha256.<hex>}) and architecture. */
    public ReadJson.ImageMetadata image(String ref, String arch, UriInfo uri) {
        ImageRef parsed = ImageRef.parse(ref);
        ImageService.Tagged found = images.describe(caller, parsed, arch);
        Image image = found.image();
        if (!image.isUploaded()) {
            throw RegistryException.notFound("image " + parsed + " has not been uploaded");
        }
        String path = parsed.entity() + "/" + parsed.collection() + "/" + parsed.container();
        String hash = image.digest().ref();
        return new ReadJson.ImageMetadata(parsed.entity(), parsed.collection(), parsed.container(),
                path + ":" + (parsed.digest() != null ? parsed.digest().ref() : parsed.tag()), found.tags(),
                image.getArch(), image.getSize(), image.digest().hex(), hash, image.getUploadedAt(),
                image.getDownloadCount(), ReadJson.SignatureJson.of(image), sifs.of(image),
                publicUrl.base(uri) + "/v1/imagefile/" + path + ":" + hash);
    }
}
