package org.sregistry.catalog;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sregistry.account.Caller;

/**
 * What the registry tells search engines and README badges, and its rankings: only ever public
 * collections and what is in them ({@link Visibility} for an anonymous caller), whoever asks.
 */
@Stateless
public class PublicCatalog {

    /** A console page for the sitemap: a collection's ({@code container} null) or a container's. */
    public record SitemapEntry(String entity, String collection, String container, Instant lastModified) {}

    /** A collection in the "most starred" ranking. */
    public record StarredCollection(String entity, String name, String description, long stars) {}

    /** What a collection's badge shows: all-time pulls and uploaded images. */
    public record BadgeFigures(long pulls, long images) {}

    private static final String PUBLIC_COLLECTIONS = " FROM collection c JOIN namespace n ON n.id = c.namespace_id WHERE ";

    @PersistenceContext
    EntityManager em;

    /** How many pages the sitemap lists: every public collection and every container in one. */
    public long sitemapSize() {
        Sql sql = Visibility.where(new Sql().add("SELECT COUNT(*) + COALESCE(SUM((SELECT COUNT(*) FROM container ct"
                + " WHERE ct.collection_id = c.id)), 0)" + PUBLIC_COLLECTIONS), Caller.ANONYMOUS);
        return CatalogService.number(sql.query(em).getSingleResult());
    }

    /**
     * Entries {@code first} to {@code first + max - 1} of the sitemap, in a stable order: each public
     * collection followed by its containers. A collection was last modified when it or one of its
     * containers last changed.
     */
    public List<SitemapEntry> sitemap(long first, int max) {
        Sql sql = new Sql().add("SELECT entity, coll, cont, lastmod FROM ("
                + "SELECT n.name AS entity, c.name AS coll, '' AS cont, GREATEST(c.updated_at, COALESCE((SELECT"
                + " MAX(ct.updated_at) FROM container ct WHERE ct.collection_id = c.id), c.updated_at)) AS lastmod"
                + PUBLIC_COLLECTIONS);
        Visibility.where(sql, Caller.ANONYMOUS).add(" UNION ALL SELECT n.name, c.name, ct.name, ct.updated_at"
                + " FROM container ct JOIN collection c ON c.id = ct.collection_id JOIN namespace n ON n.id = c.namespace_id"
                + " WHERE ");
        Visibility.where(sql, Caller.ANONYMOUS).add(") u ORDER BY entity, coll, cont LIMIT ? OFFSET ?", max, first);
        return rows(sql).stream().map(r -> new SitemapEntry((String) r[0], (String) r[1],
                r[2] == null || ((String) r[2]).isEmpty() ? null : (String) r[2], CatalogService.instant(r[3]))).toList();
    }

    /** The figures of a public collection's badge; empty for a private or missing one, whoever asks. */
    public Optional<BadgeFigures> badge(String entity, String collection) {
        Sql sql = new Sql().add("SELECT c.download_count, (SELECT COUNT(*) FROM image im JOIN container ct"
                + " ON ct.id = im.container_id WHERE ct.collection_id = c.id AND im.uploaded = TRUE)" + PUBLIC_COLLECTIONS);
        Visibility.where(sql, Caller.ANONYMOUS).add(" AND n.name = ? AND c.name = ?", entity, collection);
        return rows(sql).stream().findFirst()
                .map(r -> new BadgeFigures(CatalogService.number(r[0]), CatalogService.number(r[1])));
    }

    /** The collections the caller may see with the most stars, most first (those without stars are not ranked). */
    public List<StarredCollection> mostStarred(Caller caller, int max) {
        Sql sql = new Sql().add("SELECT n.name, c.name, c.description, COUNT(*) FROM collection_star s"
                + " JOIN collection c ON c.id = s.collection_id JOIN namespace n ON n.id = c.namespace_id WHERE ");
        Visibility.where(sql, caller).add(" GROUP BY n.name, c.name, c.description ORDER BY COUNT(*) DESC, n.name, c.name"
                + " LIMIT ?", Math.max(1, Math.min(max, CatalogService.SEARCH_MAX)));
        return rows(sql).stream().map(r -> new StarredCollection((String) r[0], (String) r[1], (String) r[2],
                CatalogService.number(r[3]))).toList();
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(Sql sql) {
        return sql.query(em).getResultList();
    }
}
