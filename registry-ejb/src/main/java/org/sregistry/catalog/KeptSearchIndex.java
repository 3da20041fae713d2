package org.sregistry.catalog;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.account.Caller;
import org.sregistry.operations.RegistryMetrics;

/**
 * The {@link SearchIndex} a node keeps, given to searches only while it holds the catalog as it is
 * ({@link CatalogChanges}: at once after a change on this node, within about a second after one on
 * another). When it does not, the search asking is answered by {@link LibrarySearch}'s statements,
 * exact as ever, and a new index is built in the background: one build at a time, and the next
 * not sooner than {@link #PAUSE_SHARE} times the last build's duration after it ended, so a catalog
 * that changes all the time (a push every second) costs a bounded share of one core, its searches
 * answered by the statements meanwhile. A catalog with more than {@link #MAX_IMAGES} uploaded
 * images, or whose texts exceed {@code registry.search.index-max-characters} (default {@link
 * #MAX_CHARACTERS}; 0 holds none), is not held: its searches all use the statements. The index takes
 * about five bytes per character of text (the text, and where each three characters occur in it).
 */
@ApplicationScoped
public class KeptSearchIndex {

    /** Above this many uploaded images the index is not built. */
    static final long MAX_IMAGES = 100_000;
    /** By default, above this many characters of text (names, descriptions, labels) the index is not kept: about 40 MB. */
    static final long MAX_CHARACTERS = 8_000_000;
    /** After a build that took t, the next one starts no sooner than this many times t later. */
    static final int PAUSE_SHARE = 4;

    private static final System.Logger LOG = System.getLogger(KeptSearchIndex.class.getName());

    /** An index and the ticket taken before its catalog was read; a null index: too large to hold. */
    private record Built(SearchIndex index, CatalogChanges.Ticket ticket) {}

    private final AtomicBoolean building = new AtomicBoolean();
    private final AtomicBoolean toldTooLarge = new AtomicBoolean();
    private volatile Built built;
    private volatile Instant nextBuild = Instant.MIN;

    private Clock clock = Clock.systemUTC();
    private Long maxCharacters;
    private Supplier<SearchIndex> reader;
    private Executor background;

    @Inject
    CatalogChanges changes;

    @Inject
    LibrarySearch search;

    @Inject
    RegistryMetrics metrics;

    @Resource
    ManagedExecutorService executor;

    protected KeptSearchIndex() {}

    /** Outside the container, for tests: its own clock, catalog reader and executor. */
    KeptSearchIndex(Clock clock, CatalogChanges changes, Supplier<SearchIndex> reader, Executor background, long maxCharacters) {
        this.clock = clock;
        this.maxCharacters = maxCharacters;
        this.changes = changes;
        this.reader = reader;
        this.background = background;
    }

    /**
     * What {@link LibrarySearch#find} finds, found in memory; null when the index does not hold the
     * catalog as it is (its statements are to answer), or cannot match the value.
     */
    public LibrarySearch.Found find(Caller caller, String value, Set<String> archs, Boolean signed, int max) {
        SearchIndex index = value.indexOf(SearchIndex.SEPARATOR) < 0 ? current() : null;
        if (index == null) {
            return null;
        }
        if (metrics != null) {
            metrics.searchedInMemory();
        }
        return index.find(caller, value, archs, signed, max, clock.instant());
    }

    /** The index, if it holds the catalog as it is now; null otherwise (and a new one is on its way, unless too soon). */
    SearchIndex current() {
        Built b = built;
        if (b != null && changes.current(b.ticket())) {
            return b.index();
        }
        rebuild();
        return null;
    }

    private void rebuild() {
        if (maxCharacters() == 0 || clock.instant().isBefore(nextBuild) || !building.compareAndSet(false, true)) {
            return;
        }
        try {
            executor().execute(this::build);
        } catch (RejectedExecutionException stopping) {
            building.set(false);
        }
    }

    /** Reads the catalog after taking a ticket: if it changed meanwhile, the ticket says so and the next search builds again. */
    void build() {
        long start = System.nanoTime();
        try {
            CatalogChanges.Ticket ticket = changes.ticket();
            SearchIndex index = reader().get();
            if (index != null && index.characters() > maxCharacters()) {
                LOG.log(toldTooLarge.getAndSet(true) ? System.Logger.Level.DEBUG : System.Logger.Level.INFO, "the catalog's texts ("
                        + index.characters() + " characters) exceed registry.search.index-max-characters: searches read the database");
                index = null;
            }
            built = new Built(index, ticket);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            if (metrics != null) {
                metrics.searchIndexBuilt(took);
            }
            LOG.log(System.Logger.Level.DEBUG, () -> "search index built in " + took.toMillis() + " ms");
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot build the search index (searches read the database): " + e.getMessage(), e);
        } finally {
            nextBuild = clock.instant().plus(Duration.ofNanos((System.nanoTime() - start) * PAUSE_SHARE));
            building.set(false);
        }
    }

    private long maxCharacters() {
        if (maxCharacters == null) {
            maxCharacters = Math.max(0, ConfigProvider.getConfig()
                    .getOptionalValue("registry.search.index-max-characters", Long.class).orElse(MAX_CHARACTERS));
        }
        return maxCharacters;
    }

    private Supplier<SearchIndex> reader() {
        if (reader == null) {
            reader = () -> search.readIndex(MAX_IMAGES);
        }
        return reader;
    }

    private Executor executor() {
        return background != null ? background : executor;
    }
}
