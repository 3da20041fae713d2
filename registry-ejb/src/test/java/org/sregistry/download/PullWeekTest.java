package org.sregistry.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PullWeekTest {

    @Test
    void aWeekRunsFromMondayMidnightUtcToTheNextMonday() {
        // 2026-11-30 is a Monday
        PullWeek week = PullWeek.of(Instant.parse("2026-12-03T15:20:00Z"));
        assertThat(week.start()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(week.begins()).isEqualTo(Instant.parse("2026-11-30T00:00:00Z"));
        assertThat(week.ends()).isEqualTo(Instant.parse("2026-12-07T00:00:00Z"));
    }

    @Test
    void mondayMidnightBelongsToTheNewWeekAndSundayNightToTheOld() {
        assertThat(PullWeek.of(Instant.parse("2026-11-30T00:00:00Z")).start()).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(PullWeek.of(Instant.parse("2026-11-29T23:59:59.999Z")).start()).isEqualTo(LocalDate.of(2026, 11, 23));
    }

    @Test
    void secondsLeftRoundUpAndNeverReachZero() {
        PullWeek week = PullWeek.of(Instant.parse("2026-12-06T23:00:00Z"));
        assertThat(week.secondsLeft(Instant.parse("2026-12-06T23:00:00Z"))).isEqualTo(3600);
        assertThat(week.secondsLeft(Instant.parse("2026-12-06T22:59:59.500Z"))).isEqualTo(3601);
        assertThat(week.secondsLeft(Instant.parse("2026-12-06T23:59:59.999Z"))).isEqualTo(1);
        assertThat(week.secondsLeft(Instant.parse("2026-12-07T00:00:00Z"))).isEqualTo(1);
        assertThat(PullWeek.of(Instant.parse("2026-11-30T00:00:00Z")).secondsLeft(Instant.parse("2026-11-30T00:00:00Z")))
                .isEqualTo(7 * 24 * 3600);
    }

    @Test
    void aRefusedPullSaysWhatAndWhenItResets() {
        Instant now = Instant.parse("2026-12-06T23:00:00Z");
        var refused = new PullLimitExceeded("collection alice/tools", 5, PullWeek.of(now), now);
        assertThat(refused.reason()).isEqualTo(org.sregistry.registry.RegistryException.Reason.TOO_MANY_REQUESTS);
        assertThat(refused.retryAfterSeconds()).isEqualTo(3600);
        assertThat(refused.getMessage()).isEqualTo("the weekly pull limit of collection alice/tools (5 pulls) is used up;"
                + " it resets at 2026-12-07T00:00:00Z");
    }
}
