package org.sregistry.web.site;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.sregistry.catalog.PublicCatalog.SitemapEntry;

/**
 * Writes the sitemap protocol (sitemaps.org 0.9): a {@code urlset} of at most {@value #URLS_MAX}
 * URLs, or, when there are more, a {@code sitemapindex} of numbered pages.
 */
final class Sitemaps {

    /** The protocol's limit of URLs per sitemap file. */
    static final int URLS_MAX = 50_000;
    static final String NS = "http://www.sitemaps.org/schemas/sitemap/0.9";

    private Sitemaps() {}

    /** How many files of {@code perPage} URLs {@code total} URLs take (at least one, possibly empty). */
    static long pages(long total, int perPage) {
        return Math.max(1, (total + perPage - 1) / perPage);
    }

    static String urlset(String base, List<SitemapEntry> entries) {
        StringBuilder xml = new StringBuilder(128 + entries.size() * 160)
                .append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"").append(NS).append("\">\n");
        for (SitemapEntry e : entries) {
            xml.append("  <url><loc>").append(escape(consolePage(base, e))).append("</loc>");
            if (e.lastModified() != null) {
                xml.append("<lastmod>").append(e.lastModified().truncatedTo(ChronoUnit.SECONDS)).append("</lastmod>");
            }
            xml.append("</url>\n");
        }
        return xml.append("</urlset>\n").toString();
    }

    static String index(String base, long pages, Instant now) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"")
                .append(NS).append("\">\n");
        for (long p = 1; p <= pages; p++) {
            xml.append("  <sitemap><loc>").append(escape(base + "/sitemap-" + p + ".xml")).append("</loc><lastmod>")
                    .append(now.truncatedTo(ChronoUnit.SECONDS)).append("</lastmod></sitemap>\n");
        }
        return xml.append("</sitemapindex>\n").toString();
    }

    /** The console page of a collection or container, as a visitor opens it. */
    static String consolePage(String base, SitemapEntry e) {
        String query = "entity=" + encode(e.entity()) + "&collection=" + encode(e.collection());
        return e.container() == null ? base + "/console/collection.xhtml?" + query
                : base + "/console/container.xhtml?" + query + "&container=" + encode(e.container());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
