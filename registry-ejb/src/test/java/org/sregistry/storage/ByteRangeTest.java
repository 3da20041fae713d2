package org.sregistry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sregistry.registry.RegistryException;

class ByteRangeTest {

    @Test
    void theClientsProbe() {
        ByteRange r = ByteRange.parse("bytes=0-1024", 3145728).orElseThrow();
        assertThat(r.length()).isEqualTo(1025);
        assertThat(r.contentRange()).isEqualTo("bytes 0-1024/3145728");
    }

    @Test
    void lastIsClampedToTheEnd() {
        ByteRange r = ByteRange.parse("bytes=100-999999", 1000).orElseThrow();
        assertThat(r.contentRange()).isEqualTo("bytes 100-999/1000");
    }

    @Test
    void openEndedAndSuffixRanges() {
        assertThat(ByteRange.parse("bytes=10-", 100).orElseThrow().contentRange()).isEqualTo("bytes 10-99/100");
        assertThat(ByteRange.parse("bytes=-10", 100).orElseThrow().contentRange()).isEqualTo("bytes 90-99/100");
        assertThat(ByteRange.parse("bytes=-1000", 100).orElseThrow().contentRange()).isEqualTo("bytes 0-99/100");
    }

    @Test
    void aRangeBeyondTheEndIsUnsatisfiable() {
        assertThatThrownBy(() -> ByteRange.parse("bytes=1000-", 1000))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.RANGE))
                .hasMessageContaining("1000 bytes");
        assertThatThrownBy(() -> ByteRange.parse("bytes=-5", 0)).isInstanceOf(RegistryException.class);
    }

    @Test
    void malformedOrMultipleRangesMeanTheWholeFile() {
        assertThat(ByteRange.parse(null, 10)).isEmpty();
        assertThat(ByteRange.parse("items=0-1", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=0-1,3-4", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=5-2", 10)).isEmpty();
        assertThat(ByteRange.parse("bytes=x-y", 10)).isEmpty();
    }
}
