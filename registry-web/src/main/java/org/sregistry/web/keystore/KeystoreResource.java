package org.sregistry.web.keystore;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import java.util.Locale;
import org.sregistry.account.Caller;
import org.sregistry.keystore.KeystoreService;
import org.sregistry.keystore.KeystoreService.KeyPage;
import org.sregistry.keystore.SearchTerm;
import org.sregistry.registry.RegistryException;

/**
 * The HKP keystore (draft-shaw-openpgp-hkp-00) as apptainer's key client speaks it, at the host root
 * whatever path the discovery file gives: the client drops it. Successful answers are plain text or
 * armored keys; errors keep the library's JSON envelope, whose message the client shows.
 */
@Path("pks")
@RequestScoped
public class KeystoreResource {

    static final String PGP_KEYS = "application/pgp-keys";
    static final String NEXT_PAGE = "X-HKP-Next-Page-Token";
    static final int DEFAULT_PAGE_SIZE = 100;
    static final int MAX_PAGE_SIZE = 1000;

    @Inject
    Caller caller;

    @Inject
    KeystoreService keystore;

    /** Publishes one armored public key; the client ignores the body of a 2xx. */
    @POST
    @Path("add")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response add(@FormParam("keytext") String keytext) {
        var key = keystore.add(caller, keytext);
        return Response.ok("key " + key.getFingerprint() + " added\n", MediaType.TEXT_PLAIN_TYPE).build();
    }

    /**
     * {@code op=get}: the matching keys in one armor block. {@code op=index|vindex}: their index,
     * machine-readable with {@code options=mr}; {@code fingerprint=on} lists fingerprints instead of
     * key IDs. Paging extension: {@code x-pagesize} keys per page, the next page's {@code x-pagetoken}
     * in the {@value #NEXT_PAGE} header.
     */
    @GET
    @Path("lookup")
    public Response lookup(@QueryParam("op") String op, @QueryParam("search") String search,
            @QueryParam("options") String options, @QueryParam("fingerprint") String fingerprint,
            @QueryParam("exact") String exact, @QueryParam("x-pagesize") String pageSize,
            @QueryParam("x-pagetoken") String pageToken) {
        String operation = op == null ? "" : op.toLowerCase(Locale.ROOT);
        if (!operation.equals("get") && !operation.equals("index") && !operation.equals("vindex")) {
            throw RegistryException.invalid("op must be get, index or vindex");
        }
        KeyPage page = keystore.lookup(SearchTerm.parse(search), on(exact), offset(pageToken),
                size(pageSize));
        Response.ResponseBuilder answer;
        if (operation.equals("get")) {
            answer = Response.ok(keystore.armored(page.keys()), PGP_KEYS);
        } else {
            boolean mr = options != null && Arrays.asList(options.split(",")).contains("mr");
            answer = Response.ok(mr ? HkpIndex.machineReadable(page.keys(), on(fingerprint))
                    : HkpIndex.human(page.keys(), on(fingerprint)), MediaType.TEXT_PLAIN_TYPE);
        }
        page.next().ifPresent(next -> answer.header(NEXT_PAGE, next.toString()));
        return answer.build();
    }

    private static boolean on(String flag) {
        return "on".equalsIgnoreCase(flag);
    }

    static int size(String pageSize) {
        if (pageSize == null || pageSize.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        int size = number(pageSize, "x-pagesize");
        if (size < 1) {
            throw RegistryException.invalid("x-pagesize must be at least 1");
        }
        return Math.min(size, MAX_PAGE_SIZE);
    }

    /** The page token is the offset of the page's first key, as this server handed it out. */
    static int offset(String pageToken) {
        if (pageToken == null || pageToken.isBlank()) {
            return 0;
        }
        int offset = number(pageToken, "x-pagetoken");
        if (offset < 0) {
            throw RegistryException.invalid("x-pagetoken is not a page token of this keystore");
        }
        return offset;
    }

    private static int number(String value, String name) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw RegistryException.invalid(name + " must be a number, not '" + value + "'");
        }
    }
}
