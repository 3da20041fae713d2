package org.sregistry.token;

import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.ConfigProvider;
import org.sregistry.account.Caller;
import org.sregistry.registry.Ids;
import org.sregistry.registry.SettingService;

/**
 * Who API tokens stand for, remembered on each node for a short while, so that a client's run of
 * requests (a push is a dozen, a pull three) does not read the token, the account's teams and the
 * policy again for every one of them.
 *
 * <p>What a caller is made of changes only through a few services (a token revoked, an account's role
 * or state, team memberships, an account deleted, the policy), and each of them calls {@link
 * #changed()} in its transaction. That forgets every remembered caller on this node when the
 * transaction ends, so the change applies from the next request on, and writes a new value to the
 * registry setting {@value #GENERATION}, which every node reads at most once per {@link
 * #GENERATION_CHECK}: on the other nodes of a cluster a change applies within that second. A caller is
 * remembered at most {@code registry.auth.cache-seconds} (default 30; 0 turns the cache off), which
 * also bounds what a change made directly in the database goes unseen, and never past its token's
 * expiry.
 */
@ApplicationScoped
public class CallerCache {

    /** The registry setting whose value is replaced by every change to what a token stands for. */
    public static final String GENERATION = "auth.generation";
    /** How often a node reads {@link #GENERATION}: the longest a change made on another node goes unseen. */
    public static final Duration GENERATION_CHECK = Duration.ofSeconds(1);
    /** More distinct tokens than this at once, and the cache starts afresh (it never grows without bound). */
    static final int MAX_ENTRIES = 10_000;

    /** Taken before a caller is read from the database: it is remembered only if nothing changed since. */
    public record Ticket(long epoch, String generation) {}

    private record Entry(Caller caller, Instant expiresAt, long epoch, String generation, Instant until) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private volatile String generation;
    private volatile Instant generationReadAt = Instant.MIN;

    private Clock clock = Clock.systemUTC();
    private Duration maxAge;
    private Supplier<String> generationReader;

    @Inject
    SettingService settings;

    @Resource
    TransactionSynchronizationRegistry transactions;

    protected CallerCache() {}

    /** A cache outside the container, for tests: its own clock, age limit and generation source. */
    CallerCache(Clock clock, Duration maxAge, Supplier<String> generationReader) {
        this.clock = clock;
        this.maxAge = maxAge;
        this.generationReader = generationReader;
    }

    /** The caller remembered for a token (by the sha256 of its secret), if it is still good. */
    public Optional<Caller> get(String secretHash) {
        if (maxAge().isZero()) {
            return Optional.empty();
        }
        Entry entry = entries.get(secretHash);
        if (entry == null) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        if (entry.epoch() != epoch.get() || !Objects.equals(entry.generation(), generation(now))
                || !now.isBefore(entry.until()) || (entry.expiresAt() != null && !now.isBefore(entry.expiresAt()))) {
            entries.remove(secretHash, entry);
            return Optional.empty();
        }
        return Optional.of(entry.caller());
    }

    /** To be taken before the token is read, and handed to {@link #put}. */
    public Ticket ticket() {
        return new Ticket(epoch.get(), generation(clock.instant()));
    }

    /**
     * Remembers the caller a token stands for, unless something changed since {@code ticket} was
     * taken (what was read may predate the change).
     */
    public void put(String secretHash, Ticket ticket, Caller caller, Instant tokenExpiresAt) {
        if (maxAge().isZero() || ticket.epoch() != epoch.get() || !Objects.equals(ticket.generation(), generation)) {
            return;
        }
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(secretHash, new Entry(caller, tokenExpiresAt, ticket.epoch(), ticket.generation(),
                clock.instant().plus(maxAge())));
    }

    /**
     * Says, inside the transaction that makes it, that what some token stands for changes: every
     * node forgets what it remembers (this one when the transaction ends, the others within {@link
     * #GENERATION_CHECK}).
     */
    public void changed() {
        settings.insertIfAbsent(GENERATION, "0");
        settings.put(GENERATION, Ids.next());
        forget();
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {}

            @Override
            public void afterCompletion(int status) {
                // callers read while the transaction ran may predate its change: forget them too
                forget();
            }
        });
    }

    /** Forgets every remembered caller on this node. */
    void forget() {
        epoch.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private String generation(Instant now) {
        if (now.isBefore(generationReadAt.plus(GENERATION_CHECK))) {
            return generation;
        }
        String read = generationReader().get();
        if (!Objects.equals(read, generation)) {
            entries.clear();
        }
        generation = read;
        generationReadAt = now;
        return read;
    }

    private Duration maxAge() {
        if (maxAge == null) {
            maxAge = Duration.ofSeconds(Math.max(0, ConfigProvider.getConfig()
                    .getOptionalValue("registry.auth.cache-seconds", Integer.class).orElse(30)));
        }
        return maxAge;
    }

    private Supplier<String> generationReader() {
        if (generationReader == null) {
            generationReader = () -> settings.find(GENERATION).orElse("0");
        }
        return generationReader;
    }
}
