package org.sregistry.web.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.sregistry.catalog.PublicCatalog.SitemapEntry;
import org.w3c.dom.Document;

/** The sitemap protocol's shapes and limits, and the badge's SVG, without a server. */
class SitemapsTest {

    static final Instant T = Instant.parse("2026-11-30T10:15:30.123456Z");

    @Test
    void aUrlsetListsCollectionAndContainerPagesWithLastmodAndEscapedAmpersands() throws Exception {
        String xml = Sitemaps.urlset("https://sif.example.org", List.of(new SitemapEntry("alice", "tools", null, T),
                new SitemapEntry("alice", "tools", "box", null)));
        Document doc = parse(xml);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("urlset");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo(Sitemaps.NS);
        var locs = doc.getElementsByTagNameNS(Sitemaps.NS, "loc");
        assertThat(locs.getLength()).isEqualTo(2);
        assertThat(locs.item(0).getTextContent()).isEqualTo("https://sif.example.org/console/collection.xhtml?entity=alice&collection=tools");
        assertThat(locs.item(1).getTextContent())
                .isEqualTo("https://sif.example.org/console/container.xhtml?entity=alice&collection=tools&container=box");
        assertThat(xml).contains("&amp;collection=tools").contains("<lastmod>2026-11-30T10:15:30Z</lastmod>");
        assertThat(doc.getElementsByTagNameNS(Sitemaps.NS, "lastmod").getLength()).as("no lastmod when unknown").isEqualTo(1);
    }

    @Test
    void moreThanFiftyThousandUrlsMakeAnIndexOfPages() throws Exception {
        assertThat(Sitemaps.pages(0, Sitemaps.URLS_MAX)).isEqualTo(1);
        assertThat(Sitemaps.pages(50_000, Sitemaps.URLS_MAX)).isEqualTo(1);
        assertThat(Sitemaps.pages(50_001, Sitemaps.URLS_MAX)).isEqualTo(2);
        assertThat(Sitemaps.pages(150_000, Sitemaps.URLS_MAX)).isEqualTo(3);
        Document doc = parse(Sitemaps.index("https://sif.example.org/reg", 3, T));
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("sitemapindex");
        var locs = doc.getElementsByTagNameNS(Sitemaps.NS, "loc");
        assertThat(locs.getLength()).isEqualTo(3);
        assertThat(locs.item(2).getTextContent()).isEqualTo("https://sif.example.org/reg/sitemap-3.xml");
    }

    @Test
    void anEmptyRegistryHasAnEmptyButValidUrlset() throws Exception {
        Document doc = parse(Sitemaps.urlset("http://localhost:8080", List.of()));
        assertThat(doc.getElementsByTagNameNS(Sitemaps.NS, "url").getLength()).isZero();
    }

    @Test
    void badgesAreWellFormedSvgWithCompactFigures() throws Exception {
        assertThat(Badges.compact(0)).isEqualTo("0");
        assertThat(Badges.compact(999)).isEqualTo("999");
        assertThat(Badges.compact(1000)).isEqualTo("1k");
        assertThat(Badges.compact(1250)).isEqualTo("1.2k");
        assertThat(Badges.compact(999_999)).isEqualTo("999.9k");
        assertThat(Badges.compact(3_400_000)).isEqualTo("3.4M");
        String svg = Badges.svg("R&D <registry>", "12 pulls");
        Document doc = parse(svg);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        var texts = doc.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        assertThat(texts.item(0).getTextContent()).isEqualTo("R&D <registry>");
        assertThat(texts.item(1).getTextContent()).isEqualTo("12 pulls");
    }

    private static Document parse(String xml) throws Exception {
        return DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
