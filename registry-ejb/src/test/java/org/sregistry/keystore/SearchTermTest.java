package org.sregistry.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.sregistry.keystore.SearchTerm.Kind;
import org.sregistry.registry.RegistryException;

class SearchTermTest {

    @Test
    void fortyHexDigitsAreAFingerprintInUpperCase() {
        assertThat(SearchTerm.parse("0xddb845d727cb9094f7d989d5435a740cc318dd4e"))
                .isEqualTo(new SearchTerm(Kind.FINGERPRINT, "DDB845D727CB9094F7D989D5435A740CC318DD4E", null));
    }

    @Test
    void sixteenHexDigitsAreAKeyId() {
        assertThat(SearchTerm.parse("0x435a740cc318dd4e")).isEqualTo(new SearchTerm(Kind.KEY_ID, "435A740CC318DD4E", null));
    }

    @Test
    void signerKeyIdsWithLeadingZerosDroppedArePaddedBack() {
        // fmt %#x of key ID 0937F7E3A5246C85, as apptainer verify sends it
        assertThat(SearchTerm.parse("0x937f7e3a5246c85")).isEqualTo(new SearchTerm(Kind.KEY_ID, "0937F7E3A5246C85", null));
        assertThat(SearchTerm.parse("0x1234")).isEqualTo(new SearchTerm(Kind.KEY_ID, "0000000000001234", null));
    }

    @Test
    void eightHexDigitsAreAShortKeyId() {
        assertThat(SearchTerm.parse("0xba1b532c")).isEqualTo(new SearchTerm(Kind.SHORT_KEY_ID, "BA1B532C", null));
        assertThat(SearchTerm.parse("0XC318DD4E")).isEqualTo(new SearchTerm(Kind.SHORT_KEY_ID, "C318DD4E", null));
    }

    @Test
    void bareHexOfKeyIdLengthIsBothHexAndText() {
        // key search sends lower-case hex without 0x
        assertThat(SearchTerm.parse("ba1b532c")).isEqualTo(new SearchTerm(Kind.SHORT_KEY_ID, "BA1B532C", "ba1b532c"));
        assertThat(SearchTerm.parse("435a740cc318dd4e").kind()).isEqualTo(Kind.KEY_ID);
        assertThat(SearchTerm.parse("DDB845D727CB9094F7D989D5435A740CC318DD4E").kind()).isEqualTo(Kind.FINGERPRINT);
        assertThat(SearchTerm.parse("beef")).isEqualTo(new SearchTerm(Kind.TEXT, null, "beef"));
    }

    @Test
    void anythingElseIsText() {
        assertThat(SearchTerm.parse(" alice ")).isEqualTo(new SearchTerm(Kind.TEXT, null, "alice"));
        assertThat(SearchTerm.parse("0xyz")).isEqualTo(new SearchTerm(Kind.TEXT, null, "0xyz"));
        assertThat(SearchTerm.parse("Alice <alice@example.org>").hasHex()).isFalse();
    }

    @Test
    void refusesEmptyOverlongAndImpossibleHex() {
        assertThatThrownBy(() -> SearchTerm.parse(null)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("search is required");
        assertThatThrownBy(() -> SearchTerm.parse("  ")).hasMessageContaining("search is required");
        assertThatThrownBy(() -> SearchTerm.parse("x".repeat(257))).hasMessageContaining("longer than");
        assertThatThrownBy(() -> SearchTerm.parse("0x" + "a".repeat(24))).hasMessageContaining("neither a key ID");
        assertThatThrownBy(() -> SearchTerm.parse("0x" + "a".repeat(41))).hasMessageContaining("neither a key ID");
    }
}
