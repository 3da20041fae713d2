package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The search index's keys: every substring of a text is found by its range of keys, and a key found for
 * a value no longer than {@link SearchKeys#LENGTH} proves the text contains it.
 */
class SearchKeysTest {

    static final HexFormat HEX = HexFormat.of();

    @Test
    void theKeysOfATextAreItsSuffixesInLowerCaseAsHexUtf8() {
        assertThat(SearchKeys.of("AbC")).containsExactly(hex("abc"), hex("bc"), hex("c"));
        assertThat(SearchKeys.from("aBc")).isEqualTo(hex("abc"));
        assertThat(SearchKeys.after(SearchKeys.from("aBc"))).isEqualTo(hex("abc") + "g");
    }

    @Test
    void nullTextsHaveNoKeysAndRepeatedSuffixesAreKeptOnce() {
        assertThat(SearchKeys.of((String) null)).isEmpty();
        assertThat(SearchKeys.of("aa", null, "a")).containsExactly(hex("aa"), hex("a"));
    }

    @Test
    void keysAreCutToLengthCharactersAndNeverSplitACharacter() {
        String text = "😀".repeat(30) + "x".repeat(5);
        Set<String> keys = SearchKeys.of(text);
        assertThat(keys).hasSize(25); // 20 with emoji (the first 11 starts give the same key), 5 of x alone
        for (String key : keys) {
            String decoded = new String(HEX.parseHex(key), StandardCharsets.UTF_8);
            assertThat(decoded.codePointCount(0, decoded.length())).isLessThanOrEqualTo(SearchKeys.LENGTH);
            assertThat(decoded).doesNotContain("\uFFFD");
            assertThat(text).contains(decoded);
        }
        assertThat(hex("😀".repeat(SearchKeys.LENGTH)).length()).isLessThanOrEqualTo(SearchKeys.COLUMN_LENGTH);
    }

    @Test
    void everySubstringIsFoundAndEveryShortHitIsAMatch() {
        Random random = new Random(7);
        List<String> characters = List.of("a", "b", "A", "B", "-", "_", ".", "%", "é", "😀", " ");
        for (int run = 0; run < 200; run++) {
            String text = random.ints(random.nextInt(60), 0, characters.size()).mapToObj(characters::get)
                    .collect(Collectors.joining());
            Set<String> keys = SearchKeys.of(text);
            int[] cps = text.codePoints().toArray();
            for (int from = 0; from < cps.length; from++) {
                for (int to = from + 1; to <= cps.length; to++) {
                    String value = new String(cps, from, to - from).toUpperCase();
                    assertThat(keys).as("%s in %s", value, text).anyMatch(k -> matches(k, value));
                }
            }
            for (int probe = 0; probe < 50; probe++) {
                String value = random.ints(1 + random.nextInt(4), 0, characters.size()).mapToObj(characters::get)
                        .collect(Collectors.joining());
                boolean contained = text.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
                assertThat(keys.stream().anyMatch(k -> matches(k, value))).as("%s in %s", value, text)
                        .isEqualTo(contained);
            }
        }
    }

    @Test
    void anOwnerGetsAtMostMaxKeysThenIsMarkedPartial() {
        Random random = new Random(3);
        List<String> labels = IntStream.range(0, 200)
                .mapToObj(i -> random.ints(40, 'a', 'z' + 1).mapToObj(Character::toString).collect(Collectors.joining())).toList();
        Set<String> keys = SearchKeys.of(labels.stream());
        assertThat(keys).hasSize(SearchKeys.MAX + 1).contains(SearchKeys.PARTIAL);
        assertThat(SearchKeys.of("short")).doesNotContain(SearchKeys.PARTIAL);
    }

    @Test
    void lowerCaseIgnoresTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr"));
        try {
            assertThat(SearchKeys.from("TITLE")).isEqualTo(hex("title"));
            assertThat(Names.containsPattern("TITLE")).isEqualTo("%title%");
        } finally {
            Locale.setDefault(before);
        }
    }

    /** What the index lookup answers for a key: {@code search_key >= from AND search_key < after(from)}. */
    static boolean matches(String key, String value) {
        String from = SearchKeys.from(value);
        boolean inRange = key.compareTo(from) >= 0 && key.compareTo(SearchKeys.after(from)) < 0;
        assertThat(inRange).as("the range is the keys that start with %s", from).isEqualTo(key.startsWith(from));
        return inRange;
    }

    static String hex(String s) {
        return HEX.formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
