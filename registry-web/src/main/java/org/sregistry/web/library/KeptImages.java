package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.account.Caller;
import org.sregistry.catalog.CatalogChanges;

/**
 * The JSON of {@code GET /v1/images/{ref}}, kept on each node for a short while: a site's batch jobs
 * pull the same image from hundreds of nodes at once, and each pull reads it first. The answer about an
 * image everyone may see is kept for anyone; about an image of a private collection, for the caller it
 * was given to ({@link Key}). An answer is given again only while nothing in the catalog changed ({@link CatalogChanges}:
 * at once on this node, within about a second on the others) and for at most {@code
 * registry.reads.cache-seconds} (default 2; 0 keeps nothing), which bounds how far behind the download
 * counts in it may be (they change on every pull, without a catalog change).
 *
 * <p>In the last {@link #REFRESH_SHARE} of an answer's age, one caller is told to read the image
 * afresh (its {@link #get} answers null) while every other caller is still given the answer, so a
 * popular image's answer is renewed by one read of the database instead of by every request that
 * arrives while it is read (50 at once under the benchmark's load: BENCHMARKS.md, Run 18).
 */
@ApplicationScoped
public class KeptImages {

    /** More distinct refs than this at once, and the answers start afresh (they never grow without bound). */
    static final int MAX_ENTRIES = 2_000;

    /** The share of an answer's age at whose end one caller renews it while the others are still given it. */
    static final double REFRESH_SHARE = 0.25;

    private record Entry(byte[] body, CatalogChanges.Ticket ticket, Instant until, Instant renewFrom, AtomicBoolean renewing) {}

    private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

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

    /**
     * What an answer is kept under: the ref as requested (the raw path's ref), its {@code arch}
     * parameter (null when absent) and, for an image of a private collection, the caller it was
     * given to (null: anyone). A caller is everything its view depends on (account, role, teams,
     * the token's collections), so a change to any of them makes another key; changes to the
     * collection's members are catalog changes.
     */
    public record Key(String ref, String arch, Caller caller) {

        /** The key of the answer everyone gets. */
        public static Key anyone(String ref, String arch) {
            return new Key(ref, arch, null);
        }

        /** The same ref and arch, for this caller only. */
        public Key of(Caller who) {
            return new Key(ref, arch, who);
        }
    }

    /**
     * The answer kept under {@code key}, if it may still be given; null otherwise, and null for the
     * one caller chosen to renew an answer near the end of its age (it reads the image and {@link
     * #put}s the answer, as after a miss).
     */
    public byte[] get(Key key) {
        if (maxAge().isZero()) {
            return null;
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        Instant now = clock.instant();
        if (!now.isBefore(entry.until()) || !changes.current(entry.ticket())) {
            entries.remove(key, entry);
            return null;
        }
        if (!now.isBefore(entry.renewFrom()) && entry.renewing().compareAndSet(false, true)) {
            return null;
        }
        return entry.body();
    }

    /** To be taken before the image is read, and handed to {@link #put}. */
    public CatalogChanges.Ticket ticket() {
        return changes.ticket();
    }

    /** Keeps the answer read after {@code ticket} was taken, unless the catalog changed since. */
    public void put(Key key, CatalogChanges.Ticket ticket, byte[] body) {
        if (maxAge().isZero() || !changes.current(ticket)) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        Instant now = clock.instant();
        Duration age = maxAge();
        entries.put(key, new Entry(body, ticket, now.plus(age),
                now.plus(age.minus(Duration.ofNanos((long) (age.toNanos() * REFRESH_SHARE)))), new AtomicBoolean()));
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
