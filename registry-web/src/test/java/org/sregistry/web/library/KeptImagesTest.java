package org.sregistry.web.library;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.sregistry.catalog.CatalogChanges;

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

    private static final byte[] BODY = "{\"data\":{\"id\":\"i1\"}}".getBytes(StandardCharsets.UTF_8);

    private final TestClock clock = new TestClock();
    private final Changes changes = new Changes();
    private final KeptImages kept = new KeptImages(clock, Duration.ofSeconds(2), changes);

    @Test
    void anAnswerIsGivenAgainForItsMaximumAgeOnly() {
        String key = KeptImages.key("admin/c/box:latest", "amd64");
        assertThat(kept.get(key)).isNull();
        kept.put(key, kept.ticket(), BODY);
        assertThat(kept.get(key)).isSameAs(BODY);
        assertThat(kept.get(KeptImages.key("admin/c/box:latest", null))).as("another arch, another answer").isNull();
        clock.now = clock.now.plusMillis(1999);
        assertThat(kept.get(key)).isSameAs(BODY);
        clock.now = clock.now.plusMillis(1);
        assertThat(kept.get(key)).isNull();
        assertThat(kept.size()).as("an expired answer is dropped").isZero();
    }

    @Test
    void aCatalogChangeEndsEveryKeptAnswer() {
        kept.put("a", kept.ticket(), BODY);
        kept.put("b", kept.ticket(), BODY);
        changes.changes++;
        assertThat(kept.get("a")).isNull();
        assertThat(kept.get("b")).isNull();
    }

    @Test
    void anAnswerReadBeforeAChangeEndedIsNotKept() {
        CatalogChanges.Ticket ticket = kept.ticket();
        changes.changes++;
        kept.put("a", ticket, BODY);
        assertThat(kept.get("a")).isNull();
        assertThat(kept.size()).isZero();
    }

    @Test
    void aMaximumAgeOfZeroKeepsNothing() {
        KeptImages none = new KeptImages(clock, Duration.ZERO, changes);
        none.put("a", none.ticket(), BODY);
        assertThat(none.get("a")).isNull();
        assertThat(none.size()).isZero();
    }

    @Test
    void tooManyRefsStartTheAnswersAfresh() {
        for (int i = 0; i < KeptImages.MAX_ENTRIES; i++) {
            kept.put("ref" + i, kept.ticket(), BODY);
        }
        assertThat(kept.size()).isEqualTo(KeptImages.MAX_ENTRIES);
        kept.put("one more", kept.ticket(), BODY);
        assertThat(kept.size()).isOne();
        assertThat(kept.get("one more")).isSameAs(BODY);
    }

    @Test
    void theKeyIsTheRefAsRequestedAndItsArchitecture() {
        assertThat(KeptImages.key("e/c/box:1", null)).isEqualTo("e/c/box:1");
        assertThat(KeptImages.key("e/c/box:1", "arm64")).isEqualTo("e/c/box:1?arm64");
        assertThat(KeptImages.key("e/c/box:1", "")).isEqualTo("e/c/box:1?");
    }
}
