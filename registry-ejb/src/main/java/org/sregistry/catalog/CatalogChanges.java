package org.sregistry.catalog;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.sregistry.registry.Ids;
import org.sregistry.registry.SettingService;

/**
 * Tells the answers a node keeps about the catalog (an image's JSON, say) whether they may still be
 * given: every committed change to an image, tag, container, collection, namespace or membership ends
 * them (the entities' {@link CatalogListener}), on this node as the transaction ends and on the other
 * nodes of a cluster within about {@link #GENERATION_CHECK}.
 *
 * <p>A reader takes a {@link #ticket()} before it reads, keeps its answer with the ticket, and gives the
 * answer again only while {@link #current} says the ticket is: what was read after a change began but
 * before it committed is refused too, since the change's end moves this node's epoch past the ticket.
 * The other nodes learn of a change from the registry setting {@value #GENERATION}, replaced after each
 * committed change (in a transaction of its own, one at a time however many changes queue), which
 * every node reads at most once per {@link #GENERATION_CHECK}. What changes without the entities (the
 * download counters, written by SQL on every pull) is not a change here: readers bound how long they
 * keep an answer for that.
 */
@ApplicationScoped
public class CatalogChanges {

    /** The registry setting whose value is replaced after every committed change to the catalog. */
    public static final String GENERATION = "catalog.generation";
    /** How often a node reads {@link #GENERATION}: about the longest a change made on another node goes unseen. */
    public static final Duration GENERATION_CHECK = Duration.ofSeconds(1);

    private static final System.Logger LOG = System.getLogger(CatalogChanges.class.getName());

    private static final String UNPUBLISHED =
            "cannot tell the other nodes of a catalog change (they see it when their kept answers expire): ";

    /** The transaction resource that says this transaction's end is already awaited. */
    private static final Object AWAITED = CatalogChanges.class.getName() + ".awaited";

    /** Taken before reading the catalog: what was read may be given while the ticket is current. */
    public record Ticket(long epoch, String generation) {}

    private final AtomicLong epoch = new AtomicLong();
    private final AtomicBoolean publishing = new AtomicBoolean();
    private final AtomicBoolean readingGeneration = new AtomicBoolean();
    private volatile String generation;
    private volatile Instant generationReadAt = Instant.MIN;

    private Clock clock = Clock.systemUTC();
    private Supplier<String> generationReader;
    private Runnable publisher;

    @Inject
    SettingService settings;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Resource
    ManagedExecutorService executor;

    protected CatalogChanges() {}

    /** Outside the container, for tests: its own clock, generation source and publisher. */
    CatalogChanges(Clock clock, Supplier<String> generationReader, Runnable publisher) {
        this.clock = clock;
        this.generationReader = generationReader;
        this.publisher = publisher;
    }

    /** To be taken before the catalog is read, and kept with what was read. */
    public Ticket ticket() {
        return new Ticket(epoch.get(), generation(clock.instant()));
    }

    /** Whether nothing in the catalog changed since {@code ticket} was taken, as far as this node knows. */
    public boolean current(Ticket ticket) {
        return ticket.epoch() == epoch.get() && Objects.equals(ticket.generation(), generation(clock.instant()));
    }

    /**
     * Says that the running transaction changes the catalog: what was read until now is no longer
     * current, nor is what is read until the transaction ends; once it committed, the other nodes are
     * told. Outside a transaction (or in one already ending) the change counts as made at once.
     */
    public void changing() {
        epoch.incrementAndGet();
        if (transactions != null && transactions.getTransactionKey() != null) {
            if (transactions.getResource(AWAITED) != null) {
                return;
            }
            try {
                transactions.registerInterposedSynchronization(new Synchronization() {
                    @Override
                    public void beforeCompletion() {}

                    @Override
                    public void afterCompletion(int status) {
                        ended(status == Status.STATUS_COMMITTED);
                    }
                });
                transactions.putResource(AWAITED, Boolean.TRUE);
                return;
            } catch (IllegalStateException completing) {
                // the transaction is already completing (a flush at commit): its change is as good as made
            }
        }
        ended(true);
    }

    /** A change's transaction ended: answers read during it are no longer current, and if it committed, every node learns it. */
    void ended(boolean committed) {
        epoch.incrementAndGet();
        if (committed) {
            publish();
        }
    }

    /** Replaces the cluster's generation in a transaction of its own; a replacement already queued covers this change too. */
    private void publish() {
        if (!publishing.compareAndSet(false, true)) {
            return;
        }
        Runnable task = () -> {
            publishing.set(false);
            try {
                publisher().run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, UNPUBLISHED + e.getMessage(), e);
            }
        };
        if (executor == null) {
            task.run();
            return;
        }
        try {
            executor.execute(task);
        } catch (RejectedExecutionException stopping) {
            publishing.set(false);
            LOG.log(System.Logger.Level.WARNING, UNPUBLISHED + stopping.getMessage());
        }
    }

    private Runnable publisher() {
        if (publisher == null) {
            publisher = () -> {
                settings.insertIfAbsent(GENERATION, "0");
                settings.put(GENERATION, Ids.next());
            };
        }
        return publisher;
    }

    /**
     * The cluster's generation, read again when the last read is {@link #GENERATION_CHECK} old: by
     * one caller, while the others are given the last one read (under load, every request arriving
     * during the read used to read it too: 50 statements at once each second under the benchmark).
     */
    private String generation(Instant now) {
        String known = generation;
        if (known != null && (now.isBefore(generationReadAt.plus(GENERATION_CHECK))
                || !readingGeneration.compareAndSet(false, true))) {
            return known;
        }
        try {
            String read = generationReader().get();
            generation = read;
            generationReadAt = now;
            return read;
        } finally {
            if (known != null) {
                readingGeneration.set(false);
            }
        }
    }

    private Supplier<String> generationReader() {
        if (generationReader == null) {
            generationReader = () -> settings.find(GENERATION).orElse("0");
        }
        return generationReader;
    }
}
