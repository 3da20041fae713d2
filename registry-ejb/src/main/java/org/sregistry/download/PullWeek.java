package org.sregistry.download;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;

/**
 * The week pull limits count in: from Monday 00:00 UTC to the next Monday 00:00 UTC. A counter
 * remembers the week it counts for, so a counter of an earlier week reads as 0 even before the
 * {@code limits-reset} job ran.
 */
public record PullWeek(LocalDate start) {

    public static PullWeek of(Instant now) {
        return new PullWeek(now.atZone(ZoneOffset.UTC).toLocalDate()
                .with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
    }

    public Instant begins() {
        return start.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** When the next week starts: the moment limits reset. */
    public Instant ends() {
        return start.plusWeeks(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** Whole seconds from {@code now} until the reset, at least 1 (the value of a Retry-After header). */
    public long secondsLeft(Instant now) {
        Duration left = Duration.between(now, ends());
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }
}
