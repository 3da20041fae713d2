package org.sregistry.web.library;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.catalog.CatalogChanges;

/**
 * JSON a node keeps for a short while, by key: given again only while nothing in the catalog
 * changed ({@link CatalogChanges}: at once on this node, within about a second on the others) and
 * for at most {@code registry.reads.cache-seconds} (default 2; 0 keeps nothing), which bounds how far
 * behind the download counts in it may be (they change on every pull, without a catalog change).
 *
 * <p>In the last {@link #REFRESH_SHARE} of an answer's age, one caller is told to read it afresh
 * (its {@link #get} answers null) while every other caller is still given the answer, so a popular
 * answer is renewed by one read of the database instead of by every request that arrives while it
 * is read (50 at once under the benchmark's load: BENCHMARKS.md, Run 18). More than {@code
 * maxEntries} keys at once, and the answers start afresh: they never grow without bound.
 */
final class KeptAnswers<K> {

    /** The share of an answer's age at whose end one caller renews it while the others are still given it. */
    static final double REFRESH_SHARE = 0.25;

    private record Entry(byte[] body, CatalogChanges.Ticket ticket, Instant until, Instant renewFrom, AtomicBoolean renewing) {}

    private final ConcurrentHashMap<K, Entry> entries = new ConcurrentHashMap<>();
    private final int maxEntries;
    private final Clock clock;
    private final Duration maxAge;
    private final CatalogChanges changes;

    KeptAnswers(int maxEntries, Clock clock, Duration maxAge, CatalogChanges changes) {
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.maxAge = maxAge;
        this.changes = changes;
    }

    /** How long answers are kept on this node: {@code registry.reads.cache-seconds}. */
    static Duration configuredAge() {
        return Duration.ofSeconds(Math.max(0, ConfigProvider.getConfig()
                .getOptionalValue("registry.reads.cache-seconds", Integer.class).orElse(2)));
    }

    /**
     * The answer kept under {@code key}, if it may still be given; null otherwise, and null for the
     * one caller chosen to renew an answer near the end of its age (it reads afresh and {@link #put}s
     * the answer, as after a miss).
     */
    byte[] get(K key) {
        return maxAge.isZero() ? null : get(key, changes.ticket(), clock.instant());
    }

    /**
     * {@link #get(Object)} for one of many keys looked up for one answer: {@code current} is {@link
     * #ticket()} and {@code now} {@link #now()}, taken once for them all (a broad search looks up 400
     * hits, and asking {@link CatalogChanges} and the clock for each took a third of its time).
     */
    byte[] get(K key, CatalogChanges.Ticket current, Instant now) {
        if (maxAge.isZero()) {
            return null;
        }
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!now.isBefore(entry.until()) || !entry.ticket().equals(current)) {
            entries.remove(key, entry);
            return null;
        }
        if (!now.isBefore(entry.renewFrom()) && entry.renewing().compareAndSet(false, true)) {
            return null;
        }
        return entry.body();
    }

    /** This node's time, as {@link #get(Object, CatalogChanges.Ticket, Instant)} wants it. */
    Instant now() {
        return clock.instant();
    }

    /** To be taken before the catalog is read, and handed to {@link #put}. */
    CatalogChanges.Ticket ticket() {
        return changes.ticket();
    }

    /** Keeps the answer read after {@code ticket} was taken, unless the catalog changed since. */
    void put(K key, CatalogChanges.Ticket ticket, byte[] body) {
        if (maxAge.isZero() || !changes.current(ticket)) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        Instant now = clock.instant();
        entries.put(key, new Entry(body, ticket, now.plus(maxAge),
                now.plus(maxAge.minus(Duration.ofNanos((long) (maxAge.toNanos() * REFRESH_SHARE)))), new AtomicBoolean()));
    }

    int size() {
        return entries.size();
    }
}
