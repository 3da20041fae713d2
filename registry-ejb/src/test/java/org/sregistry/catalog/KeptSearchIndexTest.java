package org.sregistry.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Caller;

class KeptSearchIndexTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-03T10:00:00Z");

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

    private final TestClock clock = new TestClock();
    /** Changes outside any transaction: each counts at once; the other nodes' generation never moves. */
    private final CatalogChanges changes = new CatalogChanges(clock, () -> "g", () -> {});
    /** The builds asked for, run when the test says. */
    private final List<Runnable> queued = new ArrayList<>();
    private final AtomicInteger reads = new AtomicInteger();

    private static SearchIndex empty() {
        return new SearchIndex(List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
    }

    private KeptSearchIndex kept(Supplier<SearchIndex> reader) {
        return new KeptSearchIndex(clock, changes, () -> {
            reads.incrementAndGet();
            return reader.get();
        }, queued::add, KeptSearchIndex.MAX_CHARACTERS);
    }

    private void runQueued() {
        List<Runnable> now = List.copyOf(queued);
        queued.clear();
        now.forEach(Runnable::run);
    }

    @Test
    void theFirstSearchAsksForOneBuildAndSearchesUseTheIndexOnceBuilt() {
        SearchIndex index = empty();
        KeptSearchIndex kept = kept(() -> index);
        assertThat(kept.current()).isNull();
        assertThat(kept.current()).isNull();
        assertThat(queued).hasSize(1); // one build at a time
        runQueued();
        assertThat(kept.current()).isSameAs(index);
        assertThat(kept.current()).isSameAs(index);
        assertThat(reads).hasValue(1);
    }

    @Test
    void findAnswersFromTheIndexOnlyWhileItIsCurrentAndNeverForAValueWithNul() {
        SearchIndex index = new SearchIndex(List.of(new SearchIndex.NamespaceRow("n1", "alice", "a1", null)), List.of(), List.of(),
                List.of(), List.of(), List.of());
        KeptSearchIndex kept = kept(() -> index);
        Caller anyone = Caller.ANONYMOUS;
        assertThat(kept.find(anyone, "ali", Set.of(), null, 10)).isNull();
        runQueued();
        assertThat(kept.find(anyone, "ali", Set.of(), null, 10).entities()).containsExactly("n1");
        assertThat(kept.find(anyone, "al\0i", Set.of(), null, 10)).isNull();
        changes.changing();
        assertThat(kept.find(anyone, "ali", Set.of(), null, 10)).isNull();
    }

    @Test
    void aChangeEndsTheIndexAndTheNextBuildWaitsForItsPause() throws Exception {
        KeptSearchIndex kept = kept(() -> {
            try {
                Thread.sleep(20); // a build of 20 ms: the next not within 80 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return empty();
        });
        kept.current();
        runQueued();
        assertThat(kept.current()).isNotNull();

        changes.changing();
        assertThat(kept.current()).isNull(); // the statements answer
        assertThat(queued).isEmpty(); // too soon after the last build
        clock.now = clock.now.plus(Duration.ofMillis(80 * 3)); // well past 4 x 20 ms, however long the sleep ran over
        assertThat(kept.current()).isNull();
        assertThat(queued).hasSize(1);
        runQueued();
        assertThat(kept.current()).isNotNull();
        assertThat(reads).hasValue(2);
    }

    @Test
    void aChangeWhileReadingLeavesTheIndexNotCurrent() {
        AtomicInteger built = new AtomicInteger();
        KeptSearchIndex kept = kept(() -> {
            if (built.incrementAndGet() == 1) {
                changes.changing(); // a push commits while the catalog is read
            }
            return empty();
        });
        kept.current();
        runQueued();
        assertThat(kept.current()).isNull();
        clock.now = clock.now.plusSeconds(1);
        kept.current();
        runQueued();
        assertThat(kept.current()).isNotNull();
    }

    @Test
    void aCatalogTooLargeIsNotHeldAndNotReadAgainUntilItChanges() {
        KeptSearchIndex kept = kept(() -> null);
        kept.current();
        runQueued();
        clock.now = clock.now.plusSeconds(1);
        assertThat(kept.current()).isNull();
        assertThat(queued).isEmpty();
        changes.changing();
        kept.current();
        assertThat(queued).hasSize(1);
    }

    @Test
    void anIndexOverTheLimitIsNotHeldAndALimitOfZeroBuildsNone() {
        SearchIndex index = new SearchIndex(List.of(new SearchIndex.NamespaceRow("n1", "alice", "a1", null)), List.of(), List.of(),
                List.of(), List.of(), List.of());
        KeptSearchIndex small = new KeptSearchIndex(clock, changes, () -> index, queued::add, 4);
        small.current();
        runQueued();
        assertThat(small.current()).isNull(); // "alice": 5 characters
        KeptSearchIndex off = new KeptSearchIndex(clock, changes, () -> index, queued::add, 0);
        assertThat(off.current()).isNull();
        assertThat(queued).isEmpty();
    }

    @Test
    void aFailedBuildIsTriedAgainLater() {
        AtomicInteger tries = new AtomicInteger();
        KeptSearchIndex kept = kept(() -> {
            if (tries.incrementAndGet() == 1) {
                throw new IllegalStateException("the database is down");
            }
            return empty();
        });
        kept.current();
        runQueued();
        clock.now = clock.now.plusSeconds(1);
        assertThat(kept.current()).isNull();
        runQueued();
        assertThat(kept.current()).isNotNull();
        assertThat(tries).hasValue(2);
    }
}
