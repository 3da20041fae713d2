package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "alpine", "my-lab", "my_lab.v2", "x1-2_3.4"})
    void acceptsTheClientsNames(String name) {
        assertThat(Names.isName(name)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Alpine", "-lab", "lab-", "a--b", "a._b", "a b", "a/b", "ä"})
    void refusesWhatTheClientRefuses(String name) {
        assertThat(Names.isName(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"latest", "v1.2.3", "2024-01_rc1"})
    void acceptsTags(String tag) {
        assertThat(Names.isTag(tag)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v1,latest", "a:b", ".v1"})
    void refusesMalformedTags(String tag) {
        assertThat(Names.isTag(tag)).isFalse();
    }

    @org.junit.jupiter.api.Test
    void namesAreBounded() {
        assertThat(Names.isName("a".repeat(Names.NAME_MAX))).isTrue();
        assertThat(Names.isName("a".repeat(Names.NAME_MAX + 1))).isFalse();
    }

    @org.junit.jupiter.api.Test
    void likePatternsEscapeWildcards() {
        assertThat(Names.containsPattern("A%b_c")).isEqualTo("%a\\%b\\_c%");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({
        "jdoe, jdoe",
        "John.Doe, john.doe",
        "Jérôme Müller, jerome-muller",
        "a__b..c, a-b-c",
        "_x_, x",
        "user@example.org, user-example.org",
    })
    void directoryNamesAreNormalizedIntoRegistryNames(String raw, String expected) {
        assertThat(Names.normalize(raw)).contains(expected);
    }

    @org.junit.jupiter.api.Test
    void namesWithNothingUsableAreNotNormalized() {
        assertThat(Names.normalize("")).isEmpty();
        assertThat(Names.normalize("___")).isEmpty();
        assertThat(Names.normalize("用户")).isEmpty();
        assertThat(Names.normalize(null)).isEmpty();
        assertThat(Names.normalize("a".repeat(200)).orElseThrow()).hasSize(Names.NAME_MAX);
    }
}
