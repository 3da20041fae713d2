package org.sregistry.web.console.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * {@code #{accountDates.format(instant)}}: times on the account pages, in UTC to the minute. (Faces'
 * date converter does not format {@link Instant}s on this server.)
 */
@Named
@ApplicationScoped
public class AccountDates {

    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    public String format(Instant instant) {
        return instant == null ? "" : MINUTES.format(instant);
    }
}
