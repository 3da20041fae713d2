package org.sregistry.download;

import java.time.Instant;
import org.sregistry.registry.RegistryException;

/** A pull refused because a weekly pull limit is used up; answered 429 with Retry-After. */
public class PullLimitExceeded extends RegistryException {

    private final long retryAfterSeconds;

    public PullLimitExceeded(String what, long limit, PullWeek week, Instant now) {
        super(Reason.TOO_MANY_REQUESTS, "the weekly pull limit of " + what + " (" + limit + " pulls) is used up;"
                + " it resets at " + week.ends());
        this.retryAfterSeconds = week.secondsLeft(now);
    }

    /** Seconds until the limit resets. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
