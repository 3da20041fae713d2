package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import org.sregistry.account.Caller;
import org.sregistry.catalog.CatalogChanges;

/**
 * The JSON of {@code GET /v1/images/{ref}}, kept on each node for a short while ({@link
 * KeptAnswers}: until the catalog changes, at most {@code registry.reads.cache-seconds}, renewed by
 * one caller): a site's batch jobs pull the same image from hundreds of nodes at once, and each pull
 * reads it first. The answer about an image everyone may see is kept for anyone; about an image of a
 * private collection, for the caller it was given to ({@link Key}).
 */
@ApplicationScoped
public class KeptImages {

    /** More distinct refs than this at once, and the answers start afresh (they never grow without bound). */
    static final int MAX_ENTRIES = 2_000;

    private Clock clock = Clock.systemUTC();
    private Duration maxAge;
    private volatile KeptAnswers<Key> answers;

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
        return answers().get(key);
    }

    /** To be taken before the image is read, and handed to {@link #put}. */
    public CatalogChanges.Ticket ticket() {
        return changes.ticket();
    }

    /** Keeps the answer read after {@code ticket} was taken, unless the catalog changed since. */
    public void put(Key key, CatalogChanges.Ticket ticket, byte[] body) {
        answers().put(key, ticket, body);
    }

    int size() {
        return answers().size();
    }

    private KeptAnswers<Key> answers() {
        if (answers == null) {
            answers = new KeptAnswers<>(MAX_ENTRIES, clock, maxAge != null ? maxAge : KeptAnswers.configuredAge(), changes);
        }
        return answers;
    }
}
