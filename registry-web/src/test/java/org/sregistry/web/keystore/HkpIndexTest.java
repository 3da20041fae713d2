package org.sregistry.web.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class HkpIndexTest {

    @Test
    void uidsSurviveTheClientsQueryUnescape() {
        // the client decodes with Go's url.QueryUnescape, which URLDecoder matches: '+' is a space
        for (String uid : List.of("Alice Tester <alice@example.org>", "C++ Dev: 100% <c+d@example.org>", "Jörg Ünal <j@example.org>")) {
            String escaped = HkpIndex.escape(uid);
            assertThat(escaped).doesNotContain(":").doesNotContain("+");
            assertThat(URLDecoder.decode(escaped, StandardCharsets.UTF_8)).isEqualTo(uid);
        }
        assertThat(HkpIndex.escape("a:b")).isEqualTo("a%3Ab");
    }

    @Test
    void anEmptyPageCountsZeroKeys() {
        assertThat(HkpIndex.machineReadable(List.of(), true)).isEqualTo("info:1:0\n");
    }

    @Test
    void pageParametersAreCheckedAndCapped() {
        assertThat(KeystoreResource.size(null)).isEqualTo(KeystoreResource.DEFAULT_PAGE_SIZE);
        assertThat(KeystoreResource.size("256")).isEqualTo(256);
        assertThat(KeystoreResource.size("100000")).isEqualTo(KeystoreResource.MAX_PAGE_SIZE);
        assertThat(KeystoreResource.offset(null)).isZero();
        assertThat(KeystoreResource.offset("2")).isEqualTo(2);
        assertThatThrownBy(() -> KeystoreResource.size("0"))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> KeystoreResource.offset("-1"))
                .hasMessageContaining("page token");
    }
}
