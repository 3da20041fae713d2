package org.sregistry.web.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Caller;
import org.sregistry.account.Role;
import org.sregistry.catalog.CatalogChanges;
import org.sregistry.team.TeamRole;

class KeptImagesTest {

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

    /** The catalog's changes as a counter the test moves: a ticket is current while the counter has not moved. */
    private static final class Changes extends CatalogChanges {
        long changes;

        @Override
        public Ticket ticket() {
            return new Ticket(changes, "g");
        }

        @Override
        public boolean current(Ticket ticket) {
            return ticket.epoch() == changes;
        }
    }

    private static final KeptImages.Key A = KeptImages.Key.anyone("e/c/a:latest", "amd64");
    private static final KeptImages.Key B = KeptImages.Key.anyone("e/c/b:latest", "amd64");

    private static final byte[] BODY = "{\"data\":{\"id\":\"i1\"}}".getBytes(StandardCharsets.UTF_8);

    private final TestClock clock = new TestClock();
    private final Changes changes = new Changes();
    private final KeptImages kept = new KeptImages(clock, Duration.ofSeconds(2), changes);

    @Test
    void anAnswerIsGivenAgainForItsMaximumAgeOnly() {
        KeptImages.Key key = KeptImages.Key.anyone("admin/c/box:latest", "amd64");
        assertThat(kept.get(key)).isNull();
        kept.put(key, kept.ticket(), BODY);
        assertThat(kept.get(key)).isSameAs(BODY);
        assertThat(kept.get(KeptImages.Key.anyone("admin/c/box:latest", null))).as("another arch, another answer").isNull();
        clock.now = clock.now.plusMillis(1499);
        assertThat(kept.get(key)).isSameAs(BODY);
        clock.now = clock.now.plusMillis(1);
        assertThat(kept.get(key)).as("the last quarter of its age: one caller renews it").isNull();
        clock.now = clock.now.plusMillis(499);
        assertThat(kept.get(key)).isSameAs(BODY);
        clock.now = clock.now.plusMillis(1);
        assertThat(kept.get(key)).isNull();
        assertThat(kept.size()).as("an expired answer is dropped").isZero();
    }

    @Test
    void nearTheEndOfItsAgeOneCallerRenewsAnAnswerWhileEveryOtherIsStillGivenIt() {
        kept.put(A, kept.ticket(), BODY);
        clock.now = clock.now.plusMillis(1600);
        assertThat(kept.get(A)).as("the first caller in the last quarter: told to read afresh").isNull();
        for (int i = 0; i < 49; i++) {
            assertThat(kept.get(A)).as("everyone else while it reads").isSameAs(BODY);
        }

        byte[] renewed = "{\"data\":{\"id\":\"i1\",\"downloadCount\":7}}".getBytes(StandardCharsets.UTF_8);
        kept.put(A, kept.ticket(), renewed);
        clock.now = clock.now.plusMillis(1400);
        assertThat(kept.get(A)).as("past the first answer's age: the renewed one, for its own age").isSameAs(renewed);
        clock.now = clock.now.plusMillis(100);
        assertThat(kept.get(A)).as("its own last quarter: renewed once more").isNull();
        assertThat(kept.get(A)).isSameAs(renewed);
    }

    @Test
    void anAnswerWhoseRenewalNeverCameEndsAtItsAgeAndACatalogChangeEndsItForEveryone() {
        kept.put(A, kept.ticket(), BODY);
        kept.put(B, kept.ticket(), BODY);
        clock.now = clock.now.plusMillis(1500);
        assertThat(kept.get(A)).isNull();   // the renewing caller failed and put nothing
        assertThat(kept.get(A)).isSameAs(BODY);
        clock.now = clock.now.plusMillis(500);
        assertThat(kept.get(A)).as("not past its age").isNull();
        assertThat(kept.get(A)).isNull();

        clock.now = clock.now.minusMillis(500);   // B, in its last quarter, and then the catalog changes
        changes.changes++;
        assertThat(kept.get(B)).isNull();
        assertThat(kept.get(B)).as("a change is no renewal: no one is given it").isNull();
    }

    @Test
    void manyKeysLookedUpWithOneTicketAndOneTimeAreGivenAsEachOneLookedUpAlone() {
        KeptAnswers<String> answers = new KeptAnswers<>(10, clock, Duration.ofSeconds(2), changes);
        answers.put("a", answers.ticket(), BODY);
        CatalogChanges.Ticket ticket = answers.ticket();
        Instant now = answers.now();
        assertThat(answers.get("a", ticket, now)).isSameAs(BODY).isSameAs(answers.get("a"));
        assertThat(answers.get("b", ticket, now)).isNull();
        assertThat(answers.get("a", ticket, now.plusSeconds(2))).as("at the end of its age").isNull();
        assertThat(answers.size()).as("an ended answer is let go").isZero();

        answers.put("a", answers.ticket(), BODY);
        changes.changes++;
        assertThat(answers.get("a", answers.ticket(), answers.now())).as("after a change").isNull();
        assertThat(answers.get("a")).isNull();
    }

    @Test
    void aCatalogChangeEndsEveryKeptAnswer() {
        kept.put(A, kept.ticket(), BODY);
        kept.put(B, kept.ticket(), BODY);
        changes.changes++;
        assertThat(kept.get(A)).isNull();
        assertThat(kept.get(B)).isNull();
    }

    @Test
    void anAnswerReadBeforeAChangeEndedIsNotKept() {
        CatalogChanges.Ticket ticket = kept.ticket();
        changes.changes++;
        kept.put(A, ticket, BODY);
        assertThat(kept.get(A)).isNull();
        assertThat(kept.size()).isZero();
    }

    @Test
    void aMaximumAgeOfZeroKeepsNothing() {
        KeptImages none = new KeptImages(clock, Duration.ZERO, changes);
        none.put(A, none.ticket(), BODY);
        assertThat(none.get(A)).isNull();
        assertThat(none.size()).isZero();
    }

    @Test
    void tooManyRefsStartTheAnswersAfresh() {
        for (int i = 0; i < KeptImages.MAX_ENTRIES; i++) {
            kept.put(KeptImages.Key.anyone("ref" + i, null), kept.ticket(), BODY);
        }
        assertThat(kept.size()).isEqualTo(KeptImages.MAX_ENTRIES);
        kept.put(A, kept.ticket(), BODY);
        assertThat(kept.size()).isOne();
        assertThat(kept.get(A)).isSameAs(BODY);
    }

    @Test
    void anAnswerForOneCallerIsKeptForThatCallerOnly() {
        Caller alice = new Caller("a1", "alice", Role.USER, true, Set.of());
        Caller aliceScoped = new Caller("a1", "alice", Role.USER, true, Set.of("c1"));
        Caller aliceInATeam = new Caller("a1", "alice", Role.USER, true, Set.of(), Map.of("t1", TeamRole.MEMBER), false);
        kept.put(A.of(alice), kept.ticket(), BODY);
        assertThat(kept.get(A.of(new Caller("a1", "alice", Role.USER, true, Set.of())))).as("the same caller").isSameAs(BODY);
        assertThat(kept.get(A)).as("anyone").isNull();
        assertThat(kept.get(A.of(new Caller("b1", "bob", Role.USER, true, Set.of())))).isNull();
        assertThat(kept.get(A.of(aliceScoped))).as("a token limited to some collections").isNull();
        assertThat(kept.get(A.of(aliceInATeam))).as("after joining a team").isNull();
        assertThat(kept.get(A.of(new Caller("a1", "alice", Role.ADMIN, true, Set.of())))).as("another role").isNull();
    }
}
