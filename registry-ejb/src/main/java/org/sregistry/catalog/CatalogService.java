package org.sregistry.catalog;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.sregistry.account.Caller;
import org.sregistry.registry.Names;
import org.sregistry.registry.RegistryException;

/**
 * The read side of the console: pages of collections with their figures, recent and popular
 * images, and one search over entities, collections, containers, tags and labels. Every query
 * carries the visibility rule ({@link Visibility}) in its WHERE clause, so private collections and
 * everything in them are neither listed nor counted for callers who may not see them, and paging
 * counts only what is shown. Figures are aggregated in the same statement (no query per row).
 */
@Stateless
public class CatalogService {

    public static final int SEARCH_MAX = 50;

    private static final String FROM_COLLECTIONS = " FROM collection c JOIN namespace n ON n.id = c.namespace_id";

    /** Per-collection figures, aggregated once per statement and joined to the page's collections. */
    private static final String FIGURES = """
             LEFT JOIN (SELECT collection_id, COUNT(*) AS containers, SUM(download_count) AS downloads
                        FROM container GROUP BY collection_id) k ON k.collection_id = c.id
             LEFT JOIN (SELECT ct.collection_id, COUNT(*) AS images, SUM(im.size_bytes) AS bytes, MAX(im.uploaded_at) AS last_push
                        FROM image im JOIN container ct ON ct.id = im.container_id WHERE im.uploaded = TRUE
                        GROUP BY ct.collection_id) i ON i.collection_id = c.id
             LEFT JOIN (SELECT collection_id, COUNT(*) AS stars FROM collection_star GROUP BY collection_id) s
                        ON s.collection_id = c.id""";

    @PersistenceContext
    EntityManager em;

    /** One page of the collections the caller may see, filtered and sorted as asked, with the total. */
    public CollectionPage page(Caller caller, CollectionQuery query) {
        Sql count = filtered(new Sql().add("SELECT COUNT(*)" + FROM_COLLECTIONS + " WHERE "), caller, query);
        long total = ((Number) count.query(em).getSingleResult()).longValue();
        if (query.size() == 0 || total == 0) {
            return new CollectionPage(total, List.of());
        }
        Sql page = new Sql().add("SELECT c.id, n.name, c.name, c.description, c.is_private, COALESCE(k.containers, 0),"
                + " COALESCE(i.images, 0), COALESCE(i.bytes, 0), i.last_push, COALESCE(k.downloads, 0), COALESCE(s.stars, 0)"
                + FROM_COLLECTIONS + " " + FIGURES + " WHERE ");
        filtered(page, caller, query).add(" ORDER BY " + order(query) + " LIMIT ? OFFSET ?", query.size(), query.first());
        return new CollectionPage(total, rows(page).stream().map(CatalogService::collectionRow).toList());
    }

    private static final String FROM_CONTAINERS = " FROM container ct JOIN collection c ON c.id = ct.collection_id"
            + " JOIN namespace n ON n.id = c.namespace_id";

    /** Per-container figures of uploaded images, aggregated once per statement. */
    private static final String CONTAINER_FIGURES = """
             LEFT JOIN (SELECT container_id, COUNT(*) AS images, SUM(size_bytes) AS bytes, MAX(uploaded_at) AS last_push,
                               MAX(CASE WHEN signature_verdict = 'VALID' THEN 1 ELSE 0 END) AS signed
                        FROM image WHERE uploaded = TRUE GROUP BY container_id) f ON f.container_id = ct.id""";

    /**
     * One page of the containers the caller may see, filtered and sorted as asked, with the total:
     * one statement for the count and one for the page, figures and tag names included.
     */
    public ContainerPage containers(Caller caller, ContainerQuery query) {
        Sql count = filtered(new Sql().add("SELECT COUNT(*)" + FROM_CONTAINERS + " WHERE "), caller, query);
        long total = number(count.query(em).getSingleResult());
        if (total <= query.first()) {
            return new ContainerPage(total, List.of());
        }
        Sql page = new Sql().add("SELECT n.name, c.name, ct.name, ct.description, c.is_private, COALESCE(f.images, 0),"
                + " COALESCE(f.bytes, 0), f.last_push, ct.download_count, COALESCE(f.signed, 0),"
                + " (SELECT GROUP_CONCAT(DISTINCT t.name ORDER BY t.name SEPARATOR ',') FROM tag t WHERE t.container_id = ct.id),"
                + " ct.updated_at" + FROM_CONTAINERS + " " + CONTAINER_FIGURES + " WHERE ");
        filtered(page, caller, query).add(" ORDER BY " + order(query) + " LIMIT ? OFFSET ?", query.size(), query.first());
        return new ContainerPage(total, rows(page).stream().map(CatalogService::containerListing).toList());
    }

    /** The most recently pushed images the caller may see, newest first. */
    public List<ContainerRow> recent(Caller caller, int max) {
        Sql sql = new Sql().add("SELECT n.name, c.name, ct.name, ct.description, im.arch, im.size_bytes, im.uploaded_at,"
                + " ct.download_count FROM image im JOIN container ct ON ct.id = im.container_id"
                + " JOIN collection c ON c.id = ct.collection_id JOIN namespace n ON n.id = c.namespace_id"
                + " WHERE im.uploaded = TRUE AND ");
        Visibility.where(sql, caller).add(" ORDER BY im.uploaded_at DESC, im.id LIMIT ?", limit(max));
        return rows(sql).stream().map(CatalogService::containerRow).toList();
    }

    /** The most downloaded containers the caller may see (those never pulled are not popular). */
    public List<ContainerRow> popular(Caller caller, int max) {
        Sql sql = containers().add(" WHERE ct.download_count > 0 AND ");
        Visibility.where(sql, caller).add(" ORDER BY ct.download_count DESC, n.name, c.name, ct.name LIMIT ?", limit(max));
        return rows(sql).stream().map(CatalogService::containerRow).toList();
    }

    /**
     * Entities, collections, containers, tags and labels whose names (or descriptions, or label
     * values) contain {@code value}, case-insensitively, up to {@value #SEARCH_MAX} of each. A
     * container is also found by one of its tags or by a label of one of its images.
     */
    public SearchResults search(Caller caller, String value) {
        if (value == null || value.isBlank()) {
            return new SearchResults(List.of(), List.of(), List.of(), List.of(), List.of());
        }
        if (value.length() > CollectionQuery.TEXT_MAX) {
            throw RegistryException.invalid("search text is longer than " + CollectionQuery.TEXT_MAX + " characters");
        }
        String like = Names.containsPattern(value.trim());
        return new SearchResults(entities(caller, like),
                page(caller, new CollectionQuery(value, null, null, null, null, null, true, 0, SEARCH_MAX)).rows(),
                containers(caller, like), tags(caller, like), labels(caller, like));
    }

    private List<SearchResults.EntityHit> entities(Caller caller, String like) {
        Sql sql = new Sql().add("SELECT n.name, (SELECT COUNT(*) FROM collection c WHERE c.namespace_id = n.id AND ");
        Visibility.where(sql, caller).add(") FROM namespace n WHERE LOWER(n.name) LIKE ? ORDER BY n.name LIMIT ?", like, SEARCH_MAX);
        return rows(sql).stream().map(r -> new SearchResults.EntityHit((String) r[0], number(r[1]))).toList();
    }

    private List<ContainerRow> containers(Caller caller, String like) {
        Sql sql = containers().add(" WHERE (LOWER(ct.name) LIKE ? OR LOWER(COALESCE(ct.description, '')) LIKE ?"
                + " OR EXISTS (SELECT 1 FROM tag t WHERE t.container_id = ct.id AND LOWER(t.name) LIKE ?)"
                + " OR EXISTS (SELECT 1 FROM image_label l JOIN image li ON li.id = l.image_id"
                + " WHERE li.container_id = ct.id AND li.uploaded = TRUE AND (LOWER(l.label_key) LIKE ? OR LOWER(l.label_value) LIKE ?)))"
                + " AND ", like, like, like, like, like);
        Visibility.where(sql, caller).add(" ORDER BY n.name, c.name, ct.name LIMIT ?", SEARCH_MAX);
        return rows(sql).stream().map(CatalogService::containerRow).toList();
    }

    private List<SearchResults.TagHit> tags(Caller caller, String like) {
        Sql sql = new Sql().add("SELECT t.name, COUNT(DISTINCT t.container_id) FROM tag t JOIN container ct ON ct.id = t.container_id"
                + " JOIN collection c ON c.id = ct.collection_id JOIN namespace n ON n.id = c.namespace_id"
                + " WHERE LOWER(t.name) LIKE ? AND ", like);
        Visibility.where(sql, caller).add(" GROUP BY t.name ORDER BY t.name LIMIT ?", SEARCH_MAX);
        return rows(sql).stream().map(r -> new SearchResults.TagHit((String) r[0], number(r[1]))).toList();
    }

    private List<SearchResults.LabelHit> labels(Caller caller, String like) {
        Sql sql = new Sql().add("SELECT l.label_key, l.label_value, COUNT(DISTINCT im.id) FROM image_label l"
                + " JOIN image im ON im.id = l.image_id JOIN container ct ON ct.id = im.container_id"
                + " JOIN collection c ON c.id = ct.collection_id JOIN namespace n ON n.id = c.namespace_id"
                + " WHERE im.uploaded = TRUE AND (LOWER(l.label_key) LIKE ? OR LOWER(l.label_value) LIKE ?) AND ", like, like);
        Visibility.where(sql, caller).add(" GROUP BY l.label_key, l.label_value ORDER BY l.label_key, l.label_value LIMIT ?",
                SEARCH_MAX);
        return rows(sql).stream().map(r -> new SearchResults.LabelHit((String) r[0], (String) r[1], number(r[2]))).toList();
    }

    /** Containers with their latest image's architecture, size and arrival. */
    private static Sql containers() {
        return new Sql().add("SELECT n.name, c.name, ct.name, ct.description, im.arch, im.size_bytes, im.uploaded_at,"
                + " ct.download_count FROM container ct JOIN collection c ON c.id = ct.collection_id"
                + " JOIN namespace n ON n.id = c.namespace_id"
                + " LEFT JOIN image im ON im.id = (SELECT li.id FROM image li WHERE li.container_id = ct.id AND li.uploaded = TRUE"
                + " ORDER BY li.uploaded_at DESC, li.id LIMIT 1)");
    }

    private static Sql filtered(Sql sql, Caller caller, CollectionQuery query) {
        Visibility.where(sql, caller);
        if (query.text() != null) {
            String like = Names.containsPattern(query.text());
            sql.add(" AND (LOWER(CONCAT(n.name, '/', c.name)) LIKE ? OR LOWER(COALESCE(c.description, '')) LIKE ?)", like, like);
        }
        if (query.entity() != null) {
            sql.add(" AND n.name = ?", query.entity());
        }
        if (query.tag() != null) {
            sql.add(" AND EXISTS (SELECT 1 FROM tag t JOIN container ct ON ct.id = t.container_id"
                    + " WHERE ct.collection_id = c.id AND t.name = ?)", query.tag());
        }
        if (query.labelKey() != null) {
            sql.add(" AND EXISTS (SELECT 1 FROM image_label l JOIN image im ON im.id = l.image_id"
                    + " JOIN container ct ON ct.id = im.container_id WHERE ct.collection_id = c.id AND im.uploaded = TRUE"
                    + " AND l.label_key = ?", query.labelKey());
            if (query.labelValue() != null) {
                sql.add(" AND l.label_value = ?", query.labelValue());
            }
            sql.add(")");
        }
        if (query.signed() != null) {
            sql.add((query.signed() ? " AND" : " AND NOT") + " EXISTS (SELECT 1 FROM image im JOIN container ct"
                    + " ON ct.id = im.container_id WHERE ct.collection_id = c.id AND im.uploaded = TRUE"
                    + " AND im.signature_verdict = 'VALID')");
        }
        return sql;
    }

    private static Sql filtered(Sql sql, Caller caller, ContainerQuery query) {
        Visibility.where(sql, caller);
        if (query.text() != null) {
            String like = Names.containsPattern(query.text());
            sql.add(" AND (LOWER(ct.name) LIKE ? OR LOWER(COALESCE(ct.description, '')) LIKE ?)", like, like);
        }
        if (query.entity() != null) {
            sql.add(" AND n.name = ?", query.entity());
        }
        if (query.collection() != null) {
            sql.add(" AND c.name = ?", query.collection());
        }
        if (query.tag() != null) {
            sql.add(" AND EXISTS (SELECT 1 FROM tag t WHERE t.container_id = ct.id AND t.name = ?)", query.tag());
        }
        if (query.labelKey() != null) {
            sql.add(" AND EXISTS (SELECT 1 FROM image_label l JOIN image im ON im.id = l.image_id"
                    + " WHERE im.container_id = ct.id AND im.uploaded = TRUE AND l.label_key = ?", query.labelKey());
            if (query.labelValue() != null) {
                sql.add(" AND l.label_value = ?", query.labelValue());
            }
            sql.add(")");
        }
        if (query.signed() != null) {
            sql.add((query.signed() ? " AND" : " AND NOT") + " EXISTS (SELECT 1 FROM image im WHERE im.container_id = ct.id"
                    + " AND im.uploaded = TRUE AND im.signature_verdict = 'VALID')");
        }
        return sql;
    }

    private static String order(ContainerQuery query) {
        String direction = query.ascending() ? " ASC" : " DESC";
        String name = "n.name" + direction + ", c.name" + direction + ", ct.name" + direction;
        return switch (query.sort()) {
            case NAME -> name;
            // never-pushed containers sort as of their creation
            case LAST_PUSH -> "COALESCE(f.last_push, ct.created_at)" + direction + ", " + name;
            case DOWNLOADS -> "ct.download_count" + direction + ", " + name;
            case SIZE -> "COALESCE(f.bytes, 0)" + direction + ", " + name;
        };
    }

    private static String order(CollectionQuery query) {
        String direction = query.ascending() ? " ASC" : " DESC";
        String name = "n.name" + direction + ", c.name" + direction;
        return switch (query.sort()) {
            case NAME -> name;
            case CONTAINERS -> "COALESCE(k.containers, 0)" + direction + ", " + name;
            case SIZE -> "COALESCE(i.bytes, 0)" + direction + ", " + name;
            // never-pushed collections sort as the oldest
            case LAST_PUSH -> "COALESCE(i.last_push, c.created_at)" + direction + ", " + name;
            case DOWNLOADS -> "COALESCE(k.downloads, 0)" + direction + ", " + name;
            case STARS -> "COALESCE(s.stars, 0)" + direction + ", " + name;
        };
    }

    private static int limit(int max) {
        return Math.max(1, Math.min(max, SEARCH_MAX));
    }

    @SuppressWarnings("unchecked")
    private List<Object[]> rows(Sql sql) {
        return sql.query(em).getResultList();
    }

    private static CollectionRow collectionRow(Object[] r) {
        return new CollectionRow((String) r[0], (String) r[1], (String) r[2], (String) r[3], bool(r[4]), number(r[5]),
                number(r[6]), number(r[7]), instant(r[8]), number(r[9]), number(r[10]));
    }

    private static ContainerRow containerRow(Object[] r) {
        return new ContainerRow((String) r[0], (String) r[1], (String) r[2], (String) r[3], (String) r[4],
                number(r[5]), instant(r[6]), number(r[7]));
    }

    private static ContainerListing containerListing(Object[] r) {
        String tags = text(r[10]);
        return new ContainerListing((String) r[0], (String) r[1], (String) r[2], (String) r[3], bool(r[4]), number(r[5]),
                number(r[6]), instant(r[7]), number(r[8]), number(r[9]) > 0,
                tags == null || tags.isEmpty() ? List.of() : List.of(tags.split(",")), instant(r[11]));
    }

    /** GROUP_CONCAT's text, whichever type the driver hands it back as. */
    private static String text(Object o) {
        if (o instanceof byte[] b) {
            return new String(b, java.nio.charset.StandardCharsets.UTF_8);
        }
        if (o instanceof java.sql.Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot read tag names", e);
            }
        }
        return o == null ? null : o.toString();
    }

    static long number(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }

    private static boolean bool(Object o) {
        return o instanceof Boolean b ? b : o instanceof Number n && n.intValue() != 0;
    }

    /** Timestamps as the drivers hand them back (MariaDB: Timestamp; H2: Timestamp or java.time). */
    static Instant instant(Object o) {
        if (o instanceof Timestamp t) {
            return t.toInstant();
        }
        if (o instanceof LocalDateTime l) {
            return l.atZone(ZoneId.systemDefault()).toInstant();
        }
        if (o instanceof OffsetDateTime d) {
            return d.toInstant();
        }
        return null;
    }
}
