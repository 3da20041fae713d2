package org.sregistry.web.console.collection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Times and sizes as the pages show them: {@code #{formats.time(instant)}}, {@code #{formats.bytes(n)}}. */
@Named
@ApplicationScoped
public class Formats {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** {@code 512 B}, {@code 4.7 KiB}, {@code 1.2 GiB}. */
    public String bytes(long size) {
        if (size < 1024) {
            return size + " B";
        }
        double value = size;
        int unit = 0;
        while (value >= 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
    }
}
