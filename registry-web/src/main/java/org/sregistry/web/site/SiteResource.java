package org.sregistry.web.site;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.sregistry.catalog.PublicCatalog;
import org.sregistry.registry.RegistryException;
import org.sregistry.web.api.PublicUrl;

/**
 * {@code /robots.txt} and {@code /sitemap.xml} (with {@code /sitemap-N.xml} pages once there are more
 * than {@value Sitemaps#URLS_MAX} URLs): what search engines may index, and the console pages of
 * public collections and containers, never anything private.
 */
@Tag(name = "site", description = "robots.txt, sitemap.xml and collection badges: public content only.")
@Path("")
@RequestScoped
public class SiteResource {

    static final String XML = "application/xml;charset=UTF-8";

    @Inject
    PublicCatalog catalog;

    @Inject
    PublicUrl publicUrl;

    @Context
    UriInfo uri;

    @GET
    @Path("robots.txt")
    @Produces("text/plain;charset=UTF-8")
    public String robots() {
        String base = publicUrl.base(uri);
        String prefix = URI.create(base + "/").getRawPath();
        StringBuilder txt = new StringBuilder("User-agent: *\n");
        txt.append("Allow: ").append(prefix).append('\n');
        for (String closed : new String[] {"console/account/", "console/admin/", "console/login.xhtml", "v1/", "v2/",
                "api/", "share/", "pks/"}) {
            txt.append("Disallow: ").append(prefix).append(closed).append('\n');
        }
        return txt.append("Sitemap: ").append(base).append("/sitemap.xml\n").toString();
    }

    @GET
    @Path("sitemap.xml")
    @Produces(XML)
    public String sitemap() {
        String base = publicUrl.base(uri);
        long total = catalog.sitemapSize();
        if (total <= Sitemaps.URLS_MAX) {
            return Sitemaps.urlset(base, catalog.sitemap(0, Sitemaps.URLS_MAX));
        }
        return Sitemaps.index(base, Sitemaps.pages(total, Sitemaps.URLS_MAX), Instant.now());
    }

    /** Page {@code n} (from 1) of a sitemap too large for one file. */
    @GET
    @Path("sitemap-{page: [0-9]{1,9}}.xml")
    @Produces(XML)
    public String sitemapPage(@PathParam("page") int page) {
        long pages = Sitemaps.pages(catalog.sitemapSize(), Sitemaps.URLS_MAX);
        if (page < 1 || page > pages) {
            throw RegistryException.notFound("sitemap page " + page + " not found: there " + (pages == 1 ? "is 1 page"
                    : "are " + pages + " pages"));
        }
        return Sitemaps.urlset(publicUrl.base(uri), catalog.sitemap((page - 1L) * Sitemaps.URLS_MAX, Sitemaps.URLS_MAX));
    }
}
