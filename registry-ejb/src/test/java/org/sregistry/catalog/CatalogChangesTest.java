package org.sregistry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CatalogChangesTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-02T10:00:00Z");

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    /** One running transaction, as the container's registry shows it; {@link #end} completes it. */
    private static final class OneTransaction implements TransactionSynchronizationRegistry {
        final Map<Object, Object> resources = new HashMap<>();
        final List<Synchronization> interposed = new ArrayList<>();
        boolean active = true;
        boolean completing;

        void end(int status) {
            completing = true;
            interposed.forEach(s -> s.afterCompletion(status));
            active = false;
        }

        @Override
        public Object getTransactionKey() {
            return active ? this : null;
        }

        @Override
        public void putResource(Object key, Object value) {
            resources.put(key, value);
        }

        @Override
        public Object getResource(Object key) {
            return resources.get(key);
        }

        @Override
        public void registerInterposedSynchronization(Synchronization sync) {
            if (completing) {
                throw new IllegalStateException("completing");
            }
            interposed.add(sync);
        }

        @Override
        public int getTransactionStatus() {
            return active ? Status.STATUS_ACTIVE : Status.STATUS_NO_TRANSACTION;
        }

        @Override
        public void setRollbackOnly() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean getRollbackOnly() {
            return false;
        }
    }

    private final TestClock clock = new TestClock();
    private final AtomicReference<String> generation = new AtomicReference<>("g1");
    private final AtomicInteger generationReads = new AtomicInteger();
    private final AtomicInteger published = new AtomicInteger();

    private final CatalogChanges changes = new CatalogChanges(clock, () -> {
        generationReads.incrementAndGet();
        return generation.get();
    }, published::incrementAndGet);

    @Test
    void aTicketStaysCurrentWhileNothingChangesAndTheClusterIsReadOncePerSecond() {
        CatalogChanges.Ticket ticket = changes.ticket();
        for (int i = 0; i < 100; i++) {
            assertThat(changes.current(ticket)).isTrue();
        }
        assertThat(generationReads).hasValue(1);
        clock.now = clock.now.plus(CatalogChanges.GENERATION_CHECK);
        assertThat(changes.current(ticket)).isTrue();
        assertThat(generationReads).hasValue(2);
        assertThat(published).hasValue(0);
    }

    @Test
    void whileOneCallerReadsTheGenerationTheOthersAreGivenTheLastOneRead() {
        AtomicReference<CatalogChanges> self = new AtomicReference<>();
        AtomicReference<String> seenDuringRead = new AtomicReference<>();
        CatalogChanges reentrant = new CatalogChanges(clock, () -> {
            int read = generationReads.incrementAndGet();
            if (read == 2) {
                // another caller asks while this one reads: it gets the generation read before
                seenDuringRead.set(self.get().ticket().generation());
            }
            return "g" + read;
        }, published::incrementAndGet);
        self.set(reentrant);
        assertThat(reentrant.ticket().generation()).isEqualTo("g1");
        clock.now = clock.now.plus(CatalogChanges.GENERATION_CHECK);
        assertThat(reentrant.ticket().generation()).isEqualTo("g2");
        assertThat(seenDuringRead).hasValue("g1");
        assertThat(generationReads).hasValue(2);
        clock.now = clock.now.plus(CatalogChanges.GENERATION_CHECK);
        assertThat(reentrant.ticket().generation()).as("read again once the read ended").isEqualTo("g3");
    }

    @Test
    void aChangeOnAnotherNodeEndsTicketsWhenTheGenerationIsReadAgain() {
        CatalogChanges.Ticket ticket = changes.ticket();
        generation.set("g2");
        clock.now = clock.now.plusMillis(999);
        assertThat(changes.current(ticket)).as("not read again within the second").isTrue();
        clock.now = clock.now.plusMillis(1);
        assertThat(changes.current(ticket)).isFalse();
        assertThat(changes.current(changes.ticket())).isTrue();
    }

    @Test
    void aChangeOutsideATransactionEndsTicketsAtOnceAndIsPublished() {
        CatalogChanges.Ticket ticket = changes.ticket();
        changes.changing();
        assertThat(changes.current(ticket)).isFalse();
        assertThat(published).hasValue(1);
    }

    @Test
    void aCommittedTransactionEndsEveryTicketTakenBeforeItsEndAndIsPublishedOnce() {
        OneTransaction tx = new OneTransaction();
        changes.transactions = tx;
        CatalogChanges.Ticket before = changes.ticket();
        changes.changing();
        changes.changing();
        assertThat(changes.current(before)).isFalse();
        // read while the transaction runs: the database still shows what it is changing
        CatalogChanges.Ticket during = changes.ticket();
        assertThat(changes.current(during)).isTrue();
        assertThat(published).as("nobody is told before the commit").hasValue(0);
        assertThat(tx.interposed).as("one end awaited per transaction").hasSize(1);

        tx.end(Status.STATUS_COMMITTED);
        assertThat(changes.current(during)).isFalse();
        assertThat(changes.current(changes.ticket())).isTrue();
        assertThat(published).hasValue(1);
    }

    @Test
    void aRolledBackTransactionIsNotPublishedButWhatWasReadDuringItIsNotKept() {
        OneTransaction tx = new OneTransaction();
        changes.transactions = tx;
        changes.changing();
        CatalogChanges.Ticket during = changes.ticket();
        tx.end(Status.STATUS_ROLLEDBACK);
        assertThat(changes.current(during)).isFalse();
        assertThat(published).hasValue(0);
    }

    @Test
    void aChangeFlushedWhileItsTransactionCompletesCountsAsMadeAtOnce() {
        OneTransaction tx = new OneTransaction();
        tx.completing = true;
        changes.transactions = tx;
        CatalogChanges.Ticket ticket = changes.ticket();
        changes.changing();
        assertThat(changes.current(ticket)).isFalse();
        assertThat(published).hasValue(1);
    }

    @Test
    void aPublisherThatFailsIsSaidAndTheNextChangeIsPublishedAgain() {
        AtomicInteger attempts = new AtomicInteger();
        CatalogChanges failing = new CatalogChanges(clock, generation::get, () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("database down");
        });
        failing.changing();
        failing.changing();
        assertThat(attempts).hasValue(2);
    }
}
