package org.sregistry.web.library;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.sregistry.account.Caller;
import org.sregistry.catalog.CatalogChanges;
import org.sregistry.catalog.KeptSearchIndex;
import org.sregistry.catalog.LibrarySearch;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.image.Image;
import org.sregistry.operations.RegistryMetrics;

/**
 * The JSON of {@code apptainer search}'s answers, put together from the JSON of each hit that this
 * node keeps ({@link KeptAnswers}: until the catalog changes, at most {@code
 * registry.reads.cache-seconds}, renewed by one caller): the collections, containers and images a
 * search finds are the same whoever asks (who may see them is decided by {@link LibrarySearch#find}),
 * so only the hits not kept are read from the database, each kind in one statement. Entities are
 * read every time: their view counts what the caller may see of them.
 *
 * <p>Each answer is kept whole as well, for the same caller asking the same (a script or a page
 * repeating a search, many jobs of one workflow), under the same rules: up to {@link #MAX_ANSWERS}
 * answers of at most {@link #MAX_ANSWER_BYTES} each.
 */
@ApplicationScoped
public class SearchAnswers {

    /** More hits of one kind than this kept at once, and that kind starts afresh (a broad search's answer holds 200). */
    static final int MAX_ENTRIES = 4_000;
    /** More whole answers than this kept at once, and they start afresh. */
    static final int MAX_ANSWERS = 16;
    /** A larger answer is not kept whole (a broad search's is about 330 KB): at most 8 MB of whole answers. */
    static final int MAX_ANSWER_BYTES = 512 * 1024;

    /** What a search's answer depends on besides the catalog: who asks, and what. */
    record Asked(Caller caller, String value, Set<String> archs, Boolean signed, int max) {}

    private Jsonb jsonb;
    private SearchBody body;
    private KeptAnswers<String> collections;
    private KeptAnswers<String> containers;
    private KeptAnswers<String> images;
    private KeptAnswers<Asked> answers;

    @Inject
    CatalogChanges changes;

    @Inject
    LibrarySearch search;

    @Inject
    KeptSearchIndex index;

    @Inject
    LibraryViews views;

    @Inject
    SifJsonCache sifs;

    @Inject
    RegistryMetrics metrics;

    /**
     * The search's JSON: the answer kept whole for the same caller and search if there is one (under
     * the rules of the hits' JSON), else what {@link LibrarySearch#find} finds, asked of the node's
     * index first, outside any EJB (no transaction for a search answered from memory). An answer the
     * index found is kept whole (one the statements found is not: the index, rebuilt after a change,
     * answers the next ones). Putting a broad answer together from its 400 kept hits for every
     * request halved the rate at which it could be sent (BENCHMARKS.md, Run 20).
     */
    public JsonBody search(Caller caller, String value, Set<String> archs, Boolean signed, int max) {
        Asked asked = new Asked(caller, value, Set.copyOf(archs), signed, max);
        byte[] kept = answers.get(asked);
        if (kept != null) {
            metrics.searchKept();
            return JsonBody.of(kept);
        }
        CatalogChanges.Ticket ticket = answers.ticket();
        LibrarySearch.Found found = index.find(caller, value, archs, signed, max);
        if (found == null) {
            return answer(caller, search.findByStatements(caller, value, archs, signed, max));
        }
        JsonBody body = answer(caller, found);
        if (body.length() <= MAX_ANSWER_BYTES) {
            answers.put(asked, ticket, body.bytes());
        }
        return body;
    }

    /** The search's JSON for what {@link LibrarySearch#find} found (a hit gone since is left out). */
    public JsonBody answer(Caller caller, LibrarySearch.Found found) {
        CatalogChanges.Ticket ticket = changes.ticket();
        Instant now = images.now();
        List<byte[]> collectionJson = kept(collections, found.collections(), ticket, now);
        List<byte[]> containerJson = kept(containers, found.containers(), ticket, now);
        List<byte[]> imageJson = kept(images, found.images(), ticket, now);
        List<byte[]> entityJson = new ArrayList<>();
        if (!found.entities().isEmpty() || collectionJson.contains(null) || containerJson.contains(null)
                || imageJson.contains(null)) {
            LibrarySearch.Hits hits = search.hits(new LibrarySearch.Found(found.entities(),
                    missing(found.collections(), collectionJson), missing(found.containers(), containerJson),
                    missing(found.images(), imageJson)));
            hits.entities().forEach(n -> entityJson.add(json(views.entity(caller, n))));
            for (ContainerCollection c : hits.collections()) {
                fill(collections, ticket, found.collections(), collectionJson, c.getId(),
                        json(CollectionJson.of(c, hits.containerIdsOf(c))));
            }
            for (Container c : hits.containers()) {
                fill(containers, ticket, found.containers(), containerJson, c.getId(),
                        json(ContainerJson.of(c, hits.imagesOf(c), hits.archTagsOf(c))));
            }
            Map<String, SifJson> sif = sifs.ofAll(hits.images());
            for (Image i : hits.images()) {
                fill(images, ticket, found.images(), imageJson, i.getId(),
                        json(ImageJson.of(i, hits.tagsOf(i), sif.get(i.getId()))));
            }
        }
        return body.of(entityJson, present(collectionJson), present(containerJson), present(imageJson));
    }

    /** The kept JSON of each id, in order, as current as {@code ticket} at {@code now}; null where none is kept. */
    private static List<byte[]> kept(KeptAnswers<String> answers, List<String> ids, CatalogChanges.Ticket ticket,
            Instant now) {
        List<byte[]> result = new ArrayList<>(ids.size());
        for (String id : ids) {
            result.add(answers.get(id, ticket, now));
        }
        return result;
    }

    private static List<String> missing(List<String> ids, List<byte[]> json) {
        List<String> result = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            if (json.get(i) == null) {
                result.add(ids.get(i));
            }
        }
        return result;
    }

    private static void fill(KeptAnswers<String> answers, CatalogChanges.Ticket ticket, List<String> ids, List<byte[]> json,
            String id, byte[] value) {
        answers.put(id, ticket, value);
        json.set(ids.indexOf(id), value);
    }

    private static List<byte[]> present(List<byte[]> json) {
        return json.stream().filter(Objects::nonNull).toList();
    }

    private byte[] json(Object value) {
        return jsonb.toJson(value).getBytes(StandardCharsets.UTF_8);
    }

    @PostConstruct
    void init() {
        jsonb = JsonbBuilder.create();
        body = new SearchBody(jsonb);
        Duration age = KeptAnswers.configuredAge();
        collections = new KeptAnswers<>(MAX_ENTRIES, Clock.systemUTC(), age, changes);
        containers = new KeptAnswers<>(MAX_ENTRIES, Clock.systemUTC(), age, changes);
        images = new KeptAnswers<>(MAX_ENTRIES, Clock.systemUTC(), age, changes);
        answers = new KeptAnswers<>(MAX_ANSWERS, Clock.systemUTC(), age, changes);
    }

    @PreDestroy
    void close() {
        try {
            jsonb.close();
        } catch (Exception e) {
            throw new IllegalStateException("closing JSON-B", e);
        }
    }
}
