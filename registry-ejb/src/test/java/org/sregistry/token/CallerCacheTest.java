package org.sregistry.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;

class CallerCacheTest {

    private static final Instant T0 = Instant.parse("2026-11-30T10:00:00Z");
    private static final Caller ALICE = new Caller("a1", "alice", Role.USER, true, Set.of(), Map.of(), false);

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        Instant now = T0;

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private final TestClock clock = new TestClock();
    private final AtomicReference<String> generation = new AtomicReference<>("g1");
    private final AtomicInteger generationReads = new AtomicInteger();

    private CallerCache cache(Duration maxAge) {
        return new CallerCache(clock, maxAge, () -> {
            generationReads.incrementAndGet();
            return generation.get();
        });
    }

    @Test
    void aCallerIsAnsweredFromMemoryUntilItsMaximumAge() {
        CallerCache cache = cache(Duration.ofSeconds(30));
        assertThat(cache.get("h")).isEmpty();
        cache.put("h", cache.ticket(), ALICE, null);
        assertThat(cache.get("h")).contains(ALICE);
        assertThat(cache.get("other")).isEmpty();
        clock.advance(Duration.ofSeconds(29));
        assertThat(cache.get("h")).contains(ALICE);
        clock.advance(Duration.ofSeconds(1));
        assertThat(cache.get("h")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void neverPastTheTokensExpiry() {
        CallerCache cache = cache(Duration.ofSeconds(30));
        cache.put("h", cache.ticket(), ALICE, T0.plusSeconds(5));
        clock.advance(Duration.ofMillis(4999));
        assertThat(cache.get("h")).contains(ALICE);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("h")).isEmpty();
    }

    @Test
    void aChangeOnThisNodeForgetsEverythingAndRefusesWhatWasReadBeforeIt() {
        CallerCache cache = cache(Duration.ofSeconds(30));
        cache.put("h", cache.ticket(), ALICE, null);
        CallerCache.Ticket before = cache.ticket();
        cache.forget();
        assertThat(cache.get("h")).isEmpty();
        // a caller read from the database before the change is not remembered
        cache.put("h", before, ALICE, null);
        assertThat(cache.get("h")).isEmpty();
        cache.put("h", cache.ticket(), ALICE, null);
        assertThat(cache.get("h")).contains(ALICE);
    }

    @Test
    void aChangeOnAnotherNodeIsSeenWithinTheGenerationCheck() {
        CallerCache cache = cache(Duration.ofSeconds(30));
        cache.put("h", cache.ticket(), ALICE, null);
        int reads = generationReads.get();
        generation.set("g2"); // another node changed something
        clock.advance(CallerCache.GENERATION_CHECK.minusMillis(1));
        assertThat(cache.get("h")).as("within the check interval").contains(ALICE);
        assertThat(generationReads.get()).as("no read within the interval").isEqualTo(reads);
        clock.advance(Duration.ofMillis(1));
        assertThat(cache.get("h")).isEmpty();
        assertThat(generationReads.get()).isEqualTo(reads + 1);
        // a ticket taken under the old generation cannot store
        cache.put("h", new CallerCache.Ticket(0, "g1"), ALICE, null);
        assertThat(cache.get("h")).isEmpty();
        cache.put("h", cache.ticket(), ALICE, null);
        assertThat(cache.get("h")).contains(ALICE);
    }

    @Test
    void aMaximumAgeOfZeroTurnsTheCacheOff() {
        CallerCache cache = cache(Duration.ZERO);
        cache.put("h", cache.ticket(), ALICE, null);
        assertThat(cache.get("h")).isEmpty();
        assertThat(cache.size()).isZero();
    }

    @Test
    void itNeverHoldsMoreThanItsBound() {
        CallerCache cache = cache(Duration.ofSeconds(30));
        for (int i = 0; i < CallerCache.MAX_ENTRIES + 5; i++) {
            cache.put("h" + i, cache.ticket(), ALICE, null);
        }
        assertThat(cache.size()).isLessThanOrEqualTo(CallerCache.MAX_ENTRIES);
        assertThat(cache.get("h" + (CallerCache.MAX_ENTRIES + 4))).contains(ALICE);
    }
}
