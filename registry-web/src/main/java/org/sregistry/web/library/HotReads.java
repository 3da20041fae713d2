package org.sregistry.web.library;

import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;
import org.sregistry.account.Caller;
import org.sregistry.catalog.CatalogChanges;
import org.sregistry.collection.Permissions;
import org.sregistry.image.ImageService;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.ImageRef;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.Envelope;
import org.sregistry.web.security.Callers;

/**
 * The two reads the client makes on every push and pull, {@code GET /version} and
 * {@code GET /v1/images/{ref}}, and {@code GET /v1/search}, answered in front of JAX-RS. Payara routes a JAX-RS request through
 * Jersey's matching, a resource created per request, its providers and telemetry: about two thirds
 * of the CPU time of {@code /version} (BENCHMARKS.md, Runs 11 and 13). This filter answers the
 * successful plain case with the same services and the same JSON, and leaves everything else to
 * the resources, which stay the one place for the API's errors: another method, an {@code Accept}
 * that could refuse JSON, an encoded or unusual path, and any lookup that does not succeed (a
 * missing, hidden or invalid image is looked up again by {@link ImagesResource}, which answers it in
 * the library API's error shape). Authentication has run before any filter, so the caller is the one
 * JAX-RS would see. The answers given here are counted ({@code registry_reads_direct_total}). An
 * image's JSON is kept for the next request, for anyone or for its caller ({@link KeptImages}); those
 * given from there are counted too ({@code registry_reads_kept_total}). A search is answered here
 * when its query is plain ASCII (anything else, and any value {@link SearchResource} would refuse, is
 * left to it), from what {@link SearchAnswers} keeps of each hit.
 */
@WebFilter(urlPatterns = {"/version", "/v1/images/*", "/v1/search"}, asyncSupported = true)
public class HotReads extends HttpFilter {

    private static final long serialVersionUID = 1L;

    private static final System.Logger LOG = System.getLogger(HotReads.class.getName());

    private static final String IMAGES = "/v1/images/";
    private static final String SEARCH = "/v1/search";

    /** A media range's parameter that refuses it: {@code q=0}, {@code q=0.0} … {@code q=0.000}. */
    private static final Pattern REFUSED = Pattern.compile("q=0(\\.0{0,3})?");

    /** Yasson with its defaults, as Jersey's JSON-B provider (no {@code ContextResolver<Jsonb>} here). */
    private transient Jsonb jsonb;

    private transient byte[] version;

    @Inject
    transient Callers callers;

    @Inject
    transient ImageService images;

    @Inject
    transient LibraryViews views;

    @Inject
    transient RegistryMetrics metrics;

    @Inject
    transient KeptImages keptImages;

    @Inject
    transient SearchAnswers searchAnswers;

    @Override
    public void init() {
        jsonb = JsonbBuilder.create();
        version = json(Envelope.of(DiscoveryResource.VersionJson.current()));
    }

    @Override
    public void destroy() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing JSON-B", e);
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        JsonBody body = null;
        if ("GET".equals(request.getMethod()) && acceptsJson(request.getHeader("Accept"))) {
            String path = request.getRequestURI().substring(request.getContextPath().length());
            body = path.equals(SEARCH) ? search(request) : JsonBody.of(answer(path, request));
        }
        if (body == null) {
            chain.doFilter(request, response);
            return;
        }
        metrics.readDirectly();
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType("application/json");
        response.setContentLength(body.length());
        body.writeTo(response.getOutputStream());
    }

    /** The JSON for {@code path} (without the context path), or null when JAX-RS is to answer. */
    private byte[] answer(String path, HttpServletRequest request) {
        if (path.equals("/version")) {
            return version;
        }
        String ref = imageRef(path);
        if (ref == null) {
            return null;
        }
        KeptImages.Key anyone = KeptImages.Key.anyone(ref, request.getParameter("arch"));
        try {
            Caller caller = callers.current();
            byte[] kept = keptImages.get(anyone);
            if (kept == null && !caller.isAnonymous()) {
                kept = keptImages.get(anyone.of(caller));
            }
            if (kept != null) {
                metrics.readKept();
                return kept;
            }
            CatalogChanges.Ticket ticket = keptImages.ticket();
            ImageService.Tagged found = images.describe(caller, ImageRef.parse(ref), anyone.arch());
            byte[] body = json(Envelope.of(views.image(found)));
            // an image everyone may see: the same answer for the next caller, whoever it is
            keptImages.put(Permissions.canSee(Caller.ANONYMOUS, found.image().getContainer().getCollection())
                    ? anyone : anyone.of(caller), ticket, body);
            return body;
        } catch (RegistryException notPlain) {
            // not found, hidden or invalid: ImagesResource looks again and answers in the API's shape
            return null;
        } catch (RuntimeException e) {
            // failing (the database, say): said here, and ImagesResource tries again and answers as it does
            LOG.log(System.Logger.Level.WARNING, "GET " + path + " failed in front of JAX-RS; JAX-RS answers it", e);
            return null;
        }
    }

    /** The answer to a plain search, or null when {@link SearchResource} is to answer (and refuse, if it does). */
    private JsonBody search(HttpServletRequest request) {
        if (!plainQuery(request.getQueryString())) {
            return null;
        }
        String value = request.getParameter("value");
        if (SearchResource.refusal(value) != null) {
            return null;
        }
        try {
            Caller caller = callers.current();
            return searchAnswers.search(caller, value, SearchResource.archs(request.getParameter("arch")),
                    SearchResource.signed(request.getParameter("signed")), SearchResource.MAX_RESULTS);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "GET " + SEARCH + " failed in front of JAX-RS; JAX-RS answers it", e);
            return null;
        }
    }

    /**
     * Whether a query string reads the same to the servlet container as to JAX-RS: printable ASCII,
     * escapes of ASCII only, no {@code +}. JAX-RS decodes escapes of other bytes as UTF-8, which the
     * container may not.
     */
    static boolean plainQuery(String query) {
        if (query == null) {
            return true;
        }
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (c <= ' ' || c >= 0x7f || c == '+' || c == '%' && (i + 2 >= query.length() || query.charAt(i + 1) > '7')) {
                return false;
            }
        }
        return true;
    }

    private byte[] json(Object value) {
        return jsonb.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Whether JSON is acceptable without doubt: no {@code Accept}, or one naming JSON or a wildcard
     * over it, and refusing nothing ({@code q=0}), which JAX-RS's negotiation is left to weigh.
     */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        boolean json = false;
        for (String range : accept.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = range.split(";");
            for (int i = 1; i < parts.length; i++) {
                if (REFUSED.matcher(parts[i].replace(" ", "")).matches()) {
                    return false;
                }
            }
            String type = parts[0].trim();
            json |= type.equals("application/json") || type.equals("application/*") || type.equals("*/*");
        }
        return json;
    }

    /**
     * The ref of a raw request path {@code /v1/images/{ref}}, or null when it is not one this filter
     * reads as JAX-RS would: anything percent-encoded (JAX-RS decodes it), with path parameters
     * ({@code ;}), or with empty or dot segments (the container normalises those before mapping, the
     * raw path keeps them).
     */
    static String imageRef(String path) {
        if (!path.startsWith(IMAGES) || path.length() == IMAGES.length()) {
            return null;
        }
        String ref = path.substring(IMAGES.length());
        boolean plain = ref.indexOf('%') < 0 && ref.indexOf(';') < 0 && ref.indexOf('\\') < 0
                && !ref.contains("//") && !ref.startsWith(".") && !ref.contains("/.");
        return plain ? ref : null;
    }
}
