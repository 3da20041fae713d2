package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.sregistry.account.Caller;
import org.sregistry.collection.CollectionService;
import org.sregistry.container.ContainerService;
import org.sregistry.image.ImageService;
import org.sregistry.namespace.NamespaceService;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.Envelope;

/** {@code apptainer search}: entities, collections, containers and images the caller may see. */
@Path("v1/search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    static final int MAX_RESULTS = 200;

    @Inject
    Caller caller;

    @Inject
    NamespaceService namespaces;

    @Inject
    CollectionService collections;

    @Inject
    ContainerService containers;

    @Inject
    ImageService images;

    @Inject
    LibraryViews views;

    @GET
    public Envelope<SearchJson> search(@QueryParam("value") String value, @QueryParam("arch") String arch,
            @QueryParam("signed") String signed) {
        if (value == null || value.isBlank()) {
            throw RegistryException.invalid("search needs a value");
        }
        if (value.length() > 256) {
            throw RegistryException.invalid("search value too long (at most 256 characters)");
        }
        Set<String> archs = arch == null || arch.isBlank() ? Set.of()
                : Arrays.stream(arch.split(",")).map(String::trim).filter(a -> !a.isEmpty()).collect(Collectors.toSet());
        Boolean signedFilter = signed == null || signed.isBlank() ? null : Boolean.valueOf(signed);
        return Envelope.of(new SearchJson(
                namespaces.search(value, MAX_RESULTS).stream().map(n -> views.entity(caller, n)).toList(),
                collections.search(caller, value, MAX_RESULTS).stream().map(c -> views.collection(caller, c)).toList(),
                containers.search(caller, value, MAX_RESULTS).stream().map(views::container).toList(),
                images.search(caller, value, archs, signedFilter, MAX_RESULTS).stream().map(views::image).toList()));
    }
}
