package org.sregistry.web.console.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteSizeConverterTest {

    @Test
    void sizesAreShownInBinaryUnitsWithOneDecimalBelowTen() {
        assertThat(ByteSizeConverter.format(0)).isEqualTo("0 B");
        assertThat(ByteSizeConverter.format(1023)).isEqualTo("1023 B");
        assertThat(ByteSizeConverter.format(1024)).isEqualTo("1.0 KiB");
        assertThat(ByteSizeConverter.format(3_565_158)).isEqualTo("3.4 MiB");
        assertThat(ByteSizeConverter.format(50L * 1024 * 1024 * 1024)).isEqualTo("50 GiB");
    }
}
