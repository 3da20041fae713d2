package org.sregistry.web.console.collection;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {

    Formats formats = new Formats();

    @Test
    void sizesInBinaryUnits() {
        assertThat(formats.bytes(0)).isEqualTo("0 B");
        assertThat(formats.bytes(1023)).isEqualTo("1023 B");
        assertThat(formats.bytes(6144)).isEqualTo("6.0 KiB");
        assertThat(formats.bytes(5L * 1024 * 1024 * 1024 + 1)).isEqualTo("5.0 GiB");
    }

    @Test
    void timesInUtc() {
        assertThat(formats.time(Instant.parse("2026-05-04T13:07:59Z"))).isEqualTo("2026-05-04 13:07 UTC");
        assertThat(formats.time(null)).isEmpty();
    }
}
