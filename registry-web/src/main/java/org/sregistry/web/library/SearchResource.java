package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sregistry.account.Caller;
import org.sregistry.catalog.LibrarySearch;
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
    LibrarySearch search;

    @Inject
    LibraryViews views;

    @Inject
    SifJsonCache sifs;

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
        LibrarySearch.Hits hits = search.search(caller, value, archs, signedFilter, MAX_RESULTS);
        Map<String, SifJson> sif = sifs.ofAll(hits.images());
        return Envelope.of(new SearchJson(
                hits.entities().stream().map(n -> views.entity(caller, n)).toList(),
                hits.collections().stream().map(c -> CollectionJson.of(c, hits.containerIdsOf(c))).toList(),
                hits.containers().stream().map(c -> ContainerJson.of(c, hits.imagesOf(c), hits.archTagsOf(c))).toList(),
                hits.images().stream().map(i -> ImageJson.of(i, hits.tagsOf(i), sif.get(i.getId()))).toList()));
    }
}
