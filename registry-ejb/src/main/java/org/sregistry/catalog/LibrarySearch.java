package org.sregistry.catalog;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.inject.Inject;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import org.sregistry.account.Caller;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.image.Image;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Names;
import org.sregistry.registry.SearchKeys;

/**
 * The library API's search ({@code apptainer search}): entities, collections, containers and
 * uploaded images whose names or descriptions (images: also their container's, and their label
 * values) contain a text, case-insensitively. The visibility rule ({@link Visibility}) and the limit
 * are in each statement, so only what is shown is read; what the JSON views show of the hits (ids of
 * collections' containers, containers' images and tags, images' tags) is read for all hits at
 * once; images' labels and SIF objects are not read here (see {@link #images}). A search is a
 * fixed number of statements, whatever the number of hits.
 */
@Stateless
public class LibrarySearch {

    /**
     * What a search found, with what its views need: hits in order, and for them the ids of each
     * collection's containers (by name), each container's images (oldest first) and tags by
     * architecture, and each image's tag names. Images' labels and SIF objects are not loaded.
     */
    public record Hits(List<Namespace> entities, List<ContainerCollection> collections, List<Container> containers,
            List<Image> images, Map<String, List<String>> containerIdsByCollection,
            Map<String, List<Image>> imagesByContainer, Map<String, Map<String, Map<String, String>>> archTagsByContainer,
            Map<String, List<String>> tagsByImage) {

        public List<String> containerIdsOf(ContainerCollection collection) {
            return containerIdsByCollection.getOrDefault(collection.getId(), List.of());
        }

        public List<Image> imagesOf(Container container) {
            return imagesByContainer.getOrDefault(container.getId(), List.of());
        }

        public Map<String, Map<String, String>> archTagsOf(Container container) {
            return archTagsByContainer.getOrDefault(container.getId(), Map.of());
        }

        public List<String> tagsOf(Image image) {
            return tagsByImage.getOrDefault(image.getId(), List.of());
        }
    }

    /**
     * EclipseLink's join fetch of a relationship path ({@code a.b.c} joins b and c): JPQL's {@code
     * join fetch} takes one level only, a nested one is read by a statement per row.
     */
    static final String JOIN_FETCH = "eclipselink.join-fetch";

    /** Up to this many containers whose text matches are looked up by id; more, and the text is matched in the joins. */
    static final int MATCHED_MAX = 1000;

    @PersistenceContext
    EntityManager em;

    @Inject
    KeptSearchIndex kept;

    /** What a search found: the ids of its hits of each kind, in order. */
    public record Found(List<String> entities, List<String> collections, List<String> containers, List<String> images) {}

    /**
     * Up to {@code max} hits of each kind for {@code value}; images only of the architectures in
     * {@code archs} (all when empty), and only signed (true) or unsigned (false) ones when {@code
     * signed} is set: signed means signatures that verified with a keystore key that has not expired.
     */
    public Hits search(Caller caller, String value, Set<String> archs, Boolean signed, int max) {
        return hits(find(caller, value, archs, signed, max));
    }

    /**
     * The ids of what {@link #search} finds, in its order: from the index this node keeps ({@link
     * KeptSearchIndex}) while it holds the catalog as it is, by the statements otherwise; both find the
     * same.
     */
    public Found find(Caller caller, String value, Set<String> archs, Boolean signed, int max) {
        Found found = kept.find(caller, value, archs, signed, max);
        return found != null ? found : findByStatements(caller, value, archs, signed, max);
    }

    /** The hits with these ids, in their order, with what their views need (a hit gone since is left out). */
    public Hits hits(Found found) {
        List<Namespace> entities = byIds(found.entities(), "select n from Namespace n where n.id in :ids", Namespace.class,
                Namespace::getId, null);
        List<ContainerCollection> collections = byIds(found.collections(),
                "select c from ContainerCollection c where c.id in :ids", ContainerCollection.class,
                ContainerCollection::getId, "c.namespace");
        List<Container> containers = byIds(found.containers(), "select ct from Container ct where ct.id in :ids",
                Container.class, Container::getId, "ct.collection.namespace");
        List<Image> images = images(found.images());
        return new Hits(entities, collections, containers, images, containerIdsOf(collections),
                imagesOf(containers), archTagsOf(containers), tagsOf(images));
    }

    /**
     * {@link #find} by statements, whatever the index: the visibility rule ({@link Visibility}) and
     * the limit are in each. For callers that asked the index ({@link KeptSearchIndex#find}) first,
     * outside an EJB's call: that is the cheap way on the hottest path.
     */
    public Found findByStatements(Caller caller, String value, Set<String> archs, Boolean signed, int max) {
        String like = Names.containsPattern(value);
        List<String> entities = em.createNamedQuery(Namespace.SEARCH, Namespace.class).setParameter("pattern", like)
                .setMaxResults(max).getResultList().stream().map(Namespace::getId).toList();

        Sql sql = new Sql().add("SELECT c.id FROM collection c JOIN namespace n ON n.id = c.namespace_id"
                + " WHERE (c.name LIKE ? OR LOWER(COALESCE(c.description, '')) LIKE ?) AND ", like, like);
        Visibility.where(sql, caller).add(" ORDER BY c.name, n.name, c.id LIMIT ?", max);
        List<String> collections = ids(sql);

        // The containers and images that may match, found by the search index (SearchKeys): their ids,
        // unless more than MATCHED_MAX (a very broad text), and then the text is matched in the joins.
        // Either way each hit's own text is checked by the statement that finds it.
        String containerText = "(ct.name LIKE ? OR LOWER(COALESCE(ct.description, '')) LIKE ?)";
        String imageText = "(LOWER(COALESCE(im.description, '')) LIKE ?"
                + " OR EXISTS (SELECT 1 FROM image_label l WHERE l.image_id = im.id AND LOWER(l.label_value) LIKE ?))";
        List<String> matched = candidates("container_search_key", "container_id", value);

        sql = new Sql().add("SELECT ct.id FROM container ct JOIN collection c ON c.id = ct.collection_id"
                + " JOIN namespace n ON n.id = c.namespace_id WHERE ");
        if (matched != null && matched.isEmpty()) {
            sql.add("1 = 0 AND ");
        } else if (matched != null) {
            sql.add("ct.id IN ").in(matched).add(" AND ");
        }
        sql.add(containerText + " AND ", like, like);
        Visibility.where(sql, caller).add(" ORDER BY ct.name, n.name, c.name, ct.id LIMIT ?", max);
        List<String> containers = ids(sql);

        // The images of those containers, and those whose own text (description, label values) matches
        List<String> own = matched == null ? null : candidates("image_search_key", "image_id", value);
        sql = new Sql().add("SELECT im.id FROM image im JOIN container ct ON ct.id = im.container_id"
                + " JOIN collection c ON c.id = ct.collection_id JOIN namespace n ON n.id = c.namespace_id"
                + " WHERE im.uploaded = TRUE AND (");
        if (matched == null) {
            sql.add(containerText + " OR " + imageText, like, like, like, like);
        } else if (matched.isEmpty() && own != null && own.isEmpty()) {
            sql.add("1 = 0");
        } else {
            if (!matched.isEmpty()) {
                sql.add("(im.container_id IN ").in(matched).add(" AND " + containerText + ")", like, like);
            }
            if (!matched.isEmpty() && (own == null || !own.isEmpty())) {
                sql.add(" OR ");
            }
            if (own == null) {
                sql.add(imageText, like, like);
            } else if (!own.isEmpty()) {
                sql.add("(im.id IN ").in(own).add(" AND " + imageText + ")", like, like);
            }
        }
        sql.add(")");
        if (!archs.isEmpty()) {
            sql.add(" AND im.arch IN ").in(archs);
        }
        if (signed != null) {
            // Image.isSignedValid(): a VALID verdict whose signer keys have not expired
            sql.add((signed ? " AND" : " AND NOT") + " (COALESCE(im.signature_verdict, '') = 'VALID'"
                    + " AND (im.signature_expires_at IS NULL OR im.signature_expires_at > ?))", Timestamp.from(Instant.now()));
        }
        sql.add(" AND ");
        Visibility.where(sql, caller).add(" ORDER BY ct.name, im.created_at, im.id LIMIT ?", max);
        return new Found(entities, collections, containers, ids(sql));
    }

    /**
     * The whole catalog as search matches it, for the index a node keeps ({@link KeptSearchIndex}):
     * six statements, whatever its size; null when it holds more than {@code maxImages} uploaded
     * images (its searches then stay with the statements). Public only as the container asks of an
     * EJB's methods: {@link KeptSearchIndex} is its one caller.
     */
    public SearchIndex readIndex(long maxImages) {
        long uploaded = ((Number) em.createNativeQuery("SELECT COUNT(*) FROM image WHERE uploaded = TRUE").getSingleResult())
                .longValue();
        if (uploaded > maxImages) {
            return null;
        }
        return new SearchIndex(
                rows("SELECT id, name, owner_id, team_id FROM namespace",
                        r -> new SearchIndex.NamespaceRow(text(r[0]), text(r[1]), text(r[2]), text(r[3]))),
                rows("SELECT id, namespace_id, name, description, is_private FROM collection",
                        r -> new SearchIndex.CollectionRow(text(r[0]), text(r[1]), text(r[2]), text(r[3]), flag(r[4]))),
                rows("SELECT collection_id, account_id, team_id FROM collection_member",
                        r -> new SearchIndex.MemberRow(text(r[0]), text(r[1]), text(r[2]))),
                rows("SELECT id, collection_id, name, description FROM container",
                        r -> new SearchIndex.ContainerRow(text(r[0]), text(r[1]), text(r[2]), text(r[3]))),
                rows("SELECT id, container_id, description, arch, signature_verdict, signature_expires_at, created_at"
                        + " FROM image WHERE uploaded = TRUE",
                        r -> new SearchIndex.ImageRow(text(r[0]), text(r[1]), text(r[2]), text(r[3]), text(r[4]),
                                instant(r[5]), instant(r[6]))),
                rows("SELECT l.image_id, l.label_value FROM image_label l JOIN image im ON im.id = l.image_id"
                        + " WHERE im.uploaded = TRUE", r -> new SearchIndex.LabelRow(text(r[0]), text(r[1]))));
    }

    @SuppressWarnings("unchecked")
    private <R> List<R> rows(String sql, Function<Object[], R> row) {
        return ((List<Object[]>) em.createNativeQuery(sql).getResultList()).stream().map(row).toList();
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    /** A BOOLEAN column: a Boolean on H2, a number on MariaDB (TINYINT(1)) unless the driver maps it. */
    private static boolean flag(Object value) {
        return value instanceof Boolean b ? b : ((Number) value).intValue() != 0;
    }

    /** A DATETIME column as the entities map an {@link Instant} to it (a {@link Timestamp} of this JVM's zone). */
    static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof LocalDateTime l) {
            return Timestamp.valueOf(l).toInstant();
        }
        if (value instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (value instanceof Instant i) {
            return i;
        }
        throw new IllegalStateException("not a date and time: " + value.getClass().getName());
    }

    /**
     * The owners (containers, images: {@code table} and its {@code owner} column) whose search keys
     * may match {@code value}, from the index: those with a key that starts as the value does (a
     * range of the key column), and those whose texts were too long to be keyed in full ({@link
     * SearchKeys#PARTIAL}). Null when more than {@link #MATCHED_MAX} keys match: an owner whose texts
     * hold the value at several places counts once for each, and a very broad value reads no more.
     */
    private List<String> candidates(String table, String owner, String value) {
        String from = SearchKeys.from(value);
        List<String> rows = ids(new Sql().add("SELECT " + owner + " FROM " + table + " WHERE search_key >= ? AND search_key < ?"
                + " LIMIT ?", from, SearchKeys.after(from), MATCHED_MAX + 1));
        if (rows.size() > MATCHED_MAX) {
            return null;
        }
        Set<String> ids = new LinkedHashSet<>(rows); // an owner has a key for each place where the value starts in its texts
        ids.addAll(ids(new Sql().add("SELECT " + owner + " FROM " + table + " WHERE search_key = ?", SearchKeys.PARTIAL)));
        return ids.size() > MATCHED_MAX ? null : List.copyOf(ids);
    }

    /**
     * The images with these ids, in their order, with their paths. Their labels and SIF objects are
     * not read here: the views take them from what a node keeps of each image ({@code
     * ImageService.sifPartsOf}), since they never change.
     */
    private List<Image> images(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, Image> found = new HashMap<>();
        em.createQuery("select im from Image im where im.id in :ids", Image.class)
                .setParameter("ids", ids)
                .setHint(JOIN_FETCH, "im.container.collection.namespace")
                .getResultList().forEach(i -> found.put(i.getId(), i));
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }

    private Map<String, List<String>> containerIdsOf(List<ContainerCollection> collections) {
        return grouped("select ct.collection.id, ct.id from Container ct where ct.collection.id in :ids order by ct.name",
                ids(collections, ContainerCollection::getId), String.class);
    }

    private Map<String, List<Image>> imagesOf(List<Container> containers) {
        return grouped("select im.container.id, im from Image im where im.container.id in :ids order by im.createdAt, im.id",
                ids(containers, Container::getId), Image.class);
    }

    /** The second column of {@code jpql}'s rows, in order, by its first (an owner's id); nothing asked when no id. */
    private <V> Map<String, List<V>> grouped(String jpql, List<String> ids, Class<V> type) {
        Map<String, List<V>> result = new HashMap<>();
        if (!ids.isEmpty()) {
            for (Object[] r : rows(jpql, ids)) {
                result.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(type.cast(r[1]));
            }
        }
        return result;
    }

    private Map<String, Map<String, Map<String, String>>> archTagsOf(List<Container> containers) {
        Map<String, Map<String, Map<String, String>>> result = new HashMap<>();
        if (!containers.isEmpty()) {
            for (Object[] r : rows("select t.container.id, t.arch, t.name, t.image.id from Tag t where t.container.id in :ids",
                    ids(containers, Container::getId))) {
                result.computeIfAbsent((String) r[0], k -> new TreeMap<>()).computeIfAbsent((String) r[1], k -> new TreeMap<>())
                        .put((String) r[2], (String) r[3]);
            }
        }
        return result;
    }

    private Map<String, List<String>> tagsOf(List<Image> images) {
        Map<String, Set<String>> names = new HashMap<>();
        if (!images.isEmpty()) {
            for (Object[] r : rows("select t.image.id, t.name from Tag t where t.image.id in :ids order by t.name",
                    ids(images, Image::getId))) {
                names.computeIfAbsent((String) r[0], k -> new LinkedHashSet<>()).add((String) r[1]);
            }
        }
        Map<String, List<String>> result = new HashMap<>();
        names.forEach((id, tags) -> result.put(id, List.copyOf(tags)));
        return result;
    }

    @SuppressWarnings("unchecked")
    private List<String> ids(Sql sql) {
        return ((List<Object>) sql.query(em).getResultList()).stream().map(Object::toString).toList();
    }

    private static <T> List<String> ids(Collection<T> items, Function<T, String> id) {
        return items.stream().map(id).toList();
    }

    private List<Object[]> rows(String jpql, List<String> ids) {
        return em.createQuery(jpql, Object[].class).setParameter("ids", ids).getResultList();
    }

    /** The entities with these ids, in the order of the ids, with the relationship path {@code fetch} joined. */
    private <T> List<T> byIds(List<String> ids, String jpql, Class<T> type, Function<T, String> id, String fetch) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<String, T> found = new LinkedHashMap<>();
        TypedQuery<T> query = em.createQuery(jpql, type).setParameter("ids", ids);
        if (fetch != null) {
            query.setHint(JOIN_FETCH, fetch);
        }
        for (T t : query.getResultList()) {
            found.put(id.apply(t), t);
        }
        return ids.stream().map(found::get).filter(Objects::nonNull).toList();
    }
}
