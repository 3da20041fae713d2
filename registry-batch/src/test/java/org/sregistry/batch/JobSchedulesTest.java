package org.sregistry.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.ejb.ScheduleExpression;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class JobSchedulesTest {

    @Test
    void trueIsTheUsualTimeAndFalseIsNoTimer() {
        ScheduleExpression e = JobSchedules.expression(JobSchedules.Scheduled.UPLOAD_CLEANUP, "true").orElseThrow();
        assertThat(e.getSecond()).isEqualTo("0");
        assertThat(e.getMinute()).isEqualTo("17");
        assertThat(e.getHour()).isEqualTo("*");
        assertThat(JobSchedules.expression(JobSchedules.Scheduled.UPLOAD_CLEANUP, "false")).isEmpty();
        ScheduleExpression weekly = JobSchedules.expression(JobSchedules.Scheduled.LIMITS_RESET, "TRUE").orElseThrow();
        assertThat(weekly.getDayOfWeek()).isEqualTo("Mon");
        assertThat(weekly.getTimezone()).isEqualTo("UTC");
    }

    @Test
    void fiveFieldsAreMinuteHourDayMonthAndDayOfWeek() {
        ScheduleExpression e = JobSchedules.expression(JobSchedules.Scheduled.STORAGE_CLEANUP, " */5 2,14 1-7 * Sat ")
                .orElseThrow();
        assertThat(e.getMinute()).isEqualTo("*/5");
        assertThat(e.getHour()).isEqualTo("2,14");
        assertThat(e.getDayOfMonth()).isEqualTo("1-7");
        assertThat(e.getMonth()).isEqualTo("*");
        assertThat(e.getDayOfWeek()).isEqualTo("Sat");
    }

    @Test
    void anythingElseNamesTheSetting() {
        assertThatThrownBy(() -> JobSchedules.expression(JobSchedules.Scheduled.STORAGE_VERIFY, "hourly"))
                .hasMessageStartingWith("REGISTRY_JOBS_STORAGE_VERIFY_SCHEDULE (registry.jobs.storage-verify.schedule)"
                        + " = 'hourly'");
        assertThatThrownBy(() -> JobSchedules.expression(JobSchedules.Scheduled.STORAGE_VERIFY, "* * * * ; *"))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theLeaseEndsBeforeTheNextTick() {
        Instant now = Instant.parse("2026-11-30T03:00:00.040Z");
        assertThat(JobSchedules.lease(Duration.ofMinutes(30), now, Instant.parse("2026-11-30T03:01:00Z")))
                .isEqualTo(Duration.ofMillis(29_980));
        assertThat(JobSchedules.lease(Duration.ofMinutes(30), now, Instant.parse("2026-11-30T05:00:00Z")))
                .isEqualTo(Duration.ofMinutes(30));
        assertThat(JobSchedules.lease(Duration.ofMinutes(30), now, null)).isEqualTo(Duration.ofMinutes(30));
    }
}
