package org.sregistry.batch;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.ScheduleExpression;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The schedules of the housekeeping jobs: one calendar timer per job whose
 * {@code registry.jobs.<job>.schedule} is {@code true} (its usual time), or a cron-style
 * {@code minute hour day-of-month month day-of-week} of its own; {@code false} turns it off. Every
 * node has the timers (non-persistent); at each tick the nodes compete for a lease through
 * {@link Jobs#startScheduled}, so the job runs once per tick, not once per node.
 */
@Singleton
@Startup
public class JobSchedules {

    private static final System.Logger LOG = System.getLogger(JobSchedules.class.getName());
    private static final Pattern FIELD = Pattern.compile("[0-9A-Za-z*/,\\-]+");

    /** The scheduled jobs, their usual time (cron-style, server time zone unless given) and the longest lease. */
    enum Scheduled {
        UPLOAD_CLEANUP(Jobs.Name.UPLOAD_CLEANUP, "17 * * * *", null, Duration.ofMinutes(30)),
        STORAGE_CLEANUP(Jobs.Name.STORAGE_CLEANUP, "41 3 * * *", null, Duration.ofHours(12)),
        STORAGE_VERIFY(Jobs.Name.STORAGE_VERIFY, "23 4 * * Sun", null, Duration.ofDays(3)),
        LIMITS_RESET(Jobs.Name.LIMITS_RESET, "0 0 * * Mon", "UTC", Duration.ofDays(3));

        final Jobs.Name job;
        final String usual;
        final String timezone;
        final Duration lease;

        Scheduled(Jobs.Name job, String usual, String timezone, Duration lease) {
            this.job = job;
            this.usual = usual;
            this.timezone = timezone;
            this.lease = lease;
        }

        String property() {
            return "registry.jobs." + job.xml() + ".schedule";
        }
    }

    @Resource
    TimerService timers;

    @Inject
    Jobs jobs;

    @PostConstruct
    void createTimers() {
        for (Scheduled s : Scheduled.values()) {
            String value = ConfigProvider.getConfig().getOptionalValue(s.property(), String.class).orElse("false");
            Optional<ScheduleExpression> expression = expression(s, value);
            if (expression.isEmpty()) {
                continue;
            }
            try {
                timers.createCalendarTimer(expression.get(), new TimerConfig(s.name(), false));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(invalid(s, value) + " (" + e.getMessage() + ")", e);
            }
            LOG.log(System.Logger.Level.INFO, "job {0} scheduled at ''{1}''", s.job.xml(), cron(s, value));
        }
    }

    @Timeout
    void tick(Timer timer) {
        Scheduled s = Scheduled.valueOf((String) timer.getInfo());
        jobs.startScheduled(s.job, lease(s.lease, Instant.now(), nextTick(timer)));
    }

    /**
     * The lease a tick takes: the job's longest lease, but at most half the time to the next tick,
     * so that a frequent schedule still runs at every tick (once).
     */
    static Duration lease(Duration longest, Instant now, Instant next) {
        if (next == null) {
            return longest;
        }
        Duration half = Duration.between(now, next).dividedBy(2);
        return half.compareTo(longest) < 0 && !half.isNegative() ? half : longest;
    }

    private static Instant nextTick(Timer timer) {
        try {
            return timer.getNextTimeout().toInstant();
        } catch (RuntimeException none) {
            return null;
        }
    }

    /** The timer of {@code value} ({@code true}, {@code false} or five cron-style fields), empty when off. */
    static Optional<ScheduleExpression> expression(Scheduled s, String value) {
        String cron = cron(s, value);
        if (cron == null) {
            return Optional.empty();
        }
        String[] f = cron.split("\\s+");
        if (f.length != 5 || !java.util.Arrays.stream(f).allMatch(x -> FIELD.matcher(x).matches())) {
            throw new IllegalStateException(invalid(s, value));
        }
        ScheduleExpression e = new ScheduleExpression().second("0").minute(f[0]).hour(f[1]).dayOfMonth(f[2])
                .month(f[3]).dayOfWeek(f[4]);
        if (s.timezone != null) {
            e.timezone(s.timezone);
        }
        return Optional.of(e);
    }

    private static String cron(Scheduled s, String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("false")) {
            return null;
        }
        return v.equalsIgnoreCase("true") ? s.usual : v;
    }

    private static String invalid(Scheduled s, String value) {
        String env = s.property().replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
        return env + " (" + s.property() + ") = '" + value + "': must be true, false or a schedule of five fields"
                + " 'minute hour day-of-month month day-of-week' such as '*/5 * * * *'";
    }
}
