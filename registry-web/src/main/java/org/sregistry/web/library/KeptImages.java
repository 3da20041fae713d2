package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.catalog.CatalogChanges;

/**
 * The JSON of {@code GET /v1/images/{ref}} for images everyone may see, kept on each node for a short
 * while: a site's batch jobs pull the same image from hundreds of nodes at once, and each pull reads it
 * first. An answer is given again only while nothing in the catalog changed ({@link CatalogChanges}:
 * at once on this node, within about a second on the others) and for at most {@code
 * registry.reads.cache-seconds} (default 2; 0 keeps nothing), which bounds how far behind the download
 * counts in it may be (they change on every pull, without a catalog change). Answers for images of
 * private collections depend on who asks and are never kept.
 */
@ApplicationScoped
public class KeptImages {

    /** More distinct refs than this at once, and the answers start afresh (they never grow without bound). */
    static final int MAX_ENTRIES = 2_000;

    private record Entry(byte[] body, CatalogChanges.Ticket ticket, Instant until) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

    private Clock clock = Clock.systemUTC();
    private Duration maxAge;

    @Inject
    CatalogChanges changes;

    protected KeptImages() {}

    /** Outside the container, for tests. */
    KeptImages(Clock clock, Duration maxAge, CatalogChanges changes) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.changes = changes;
    }

    /** The key of a ref as requested (the raw path's ref) and its {@code arch} parameter (null when absent). */
    static String key(String ref, String arch) {
        return arch == null ? ref : ref + '?' + arch;
    }

    /** The answer kept for {@code key}, if it may still be given; null otherwise. */
    public byte[] get(String key) {
        if (maxAge().isZero()) {
            return null;
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.until()) || !changes.current(entry.ticket())) {
            entries.remove(key, entry);
            return null;
        }
        return entry.body();
    }

    /** To be taken before the image is read, and handed to {@link #put}. */
    public CatalogChanges.Ticket ticket() {
        return changes.ticket();
    }

    /** Keeps the answer read after {@code ticket} was taken, unless the catalog changed since. */
    public void put(String key, CatalogChanges.Ticket ticket, byte[] body) {
        if (maxAge().isZero() || !changes.current(ticket)) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(key, new Entry(body, ticket, clock.instant().plus(maxAge())));
    }

    int size() {
        return entries.size();
    }

    private Duration maxAge() {
        if (maxAge == null) {
            maxAge = Duration.ofSeconds(Math.max(0, ConfigProvider.getConfig()
                    .getOptionalValue("registry.reads.cache-seconds", Integer.class).orElse(2)));
        }
        return maxAge;
    }
}
