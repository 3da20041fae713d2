package org.sregistry.web.library;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.sregistry.account.Caller;
import org.sregistry.catalog.LibrarySearch;
import org.sregistry.registry.RegistryException;

/**
 * {@code apptainer search}: entities, collections, containers and images the caller may see, found
 * by {@link LibrarySearch#find} (in memory while the node's index holds the catalog as it is) and
 * written from the JSON kept of each hit ({@link SearchAnswers}): an {@code Envelope<SearchJson>}.
 */
@Path("v1/search")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SearchResource {

    static final int MAX_RESULTS = 200;

    @Inject
    Caller caller;

    @Inject
    SearchAnswers answers;

    @GET
    public Response search(@QueryParam("value") String value, @QueryParam("arch") String arch,
            @QueryParam("signed") String signed) {
        String refused = refusal(value);
        if (refused != null) {
            throw RegistryException.invalid(refused);
        }
        Set<String> archs = archs(arch);
        Boolean signedFilter = signed(signed);
        // the JSON of Envelope<SearchJson>, put together from what is kept of each hit
        byte[] body = answers.search(caller, value, archs, signedFilter, MAX_RESULTS).bytes();
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Why a search value is refused, or null when it is not. */
    static String refusal(String value) {
        if (value == null || value.isBlank()) {
            return "search needs a value";
        }
        if (value.length() > 256) {
            return "search value too long (at most 256 characters)";
        }
        return null;
    }

    /** The architectures of {@code arch=a,b}: all (empty) when absent. */
    static Set<String> archs(String arch) {
        return arch == null || arch.isBlank() ? Set.of()
                : Arrays.stream(arch.split(",")).map(String::trim).filter(a -> !a.isEmpty()).collect(Collectors.toSet());
    }

    /** {@code signed=true|false}; null (either) when absent. */
    static Boolean signed(String signed) {
        return signed == null || signed.isBlank() ? null : Boolean.valueOf(signed);
    }
}
