package org.sregistry.registry;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The keys of the search index: what lets {@code apptainer search} find a text anywhere inside
 * names, descriptions and labels without reading every row. A text contains the search value
 * exactly when one of its suffixes starts with it, and a prefix is what a B-tree index answers
 * (a range of keys); so every suffix of a text, cut to {@link #LENGTH} characters, is a key.
 * A value of up to {@link #LENGTH} characters is found by its keys alone; a longer one by the keys
 * of its first {@link #LENGTH} characters, then checked against the text.
 *
 * <p>Keys are the hexadecimal UTF-8 bytes of the lower-cased text, so that matching them is exact
 * on every database: no collation can equate or reorder two keys (accents, case, trailing spaces).
 * An owner gets at most {@link #MAX} keys; one whose texts need more gets the keys of what fits and
 * {@link #PARTIAL}, and search then checks its text on every query.
 */
public final class SearchKeys {

    /** Characters (code points) of text per key. */
    public static final int LENGTH = 20;
    /** Most keys kept for one owner (a container, an image). */
    public static final int MAX = 4096;
    /** The key of an owner whose texts have more keys than {@link #MAX}: search always checks its text. */
    public static final String PARTIAL = "*";
    /** The key column's length: {@link #LENGTH} code points of up to 4 UTF-8 bytes, 2 hex digits each. */
    public static final int COLUMN_LENGTH = LENGTH * 8;

    private static final HexFormat HEX = HexFormat.of();

    private SearchKeys() {}

    /** The keys of these texts (null ones skipped), in order, at most {@link #MAX} of them plus {@link #PARTIAL}. */
    public static Set<String> of(String... texts) {
        return of(Stream.of(texts));
    }

    public static Set<String> of(Stream<String> texts) {
        Set<String> keys = new LinkedHashSet<>();
        for (String text : (Iterable<String>) texts.filter(Objects::nonNull)::iterator) {
            int[] characters = fold(text).codePoints().toArray();
            for (int i = 0; i < characters.length; i++) {
                String key = key(characters, i);
                if (!keys.contains(key)) {
                    if (keys.size() == MAX) {
                        keys.add(PARTIAL);
                        return keys;
                    }
                    keys.add(key);
                }
            }
        }
        return keys;
    }

    /** Makes {@code current} (an entity's element collection) hold {@code keys}, touching only what differs. */
    public static void replace(Set<String> current, Set<String> keys) {
        if (!keys.equals(current)) {
            current.retainAll(keys);
            current.addAll(keys);
        }
    }

    /**
     * The least key that can match {@code value}: the key of its first {@link #LENGTH} characters.
     * The keys that match are those that start with it, which are those from it up to {@link #after}
     * it: a range of the index's B-tree, read in order and only as far as the statement's limit.
     */
    public static String from(String value) {
        return key(fold(value).codePoints().toArray(), 0);
    }

    /** The least key above every key that starts with {@code from}: hex digits all sort before {@code g}. */
    public static String after(String from) {
        return from + "g";
    }

    /** The text as search compares it: lower case, as {@link Names#containsPattern} does. */
    static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    /** The key of the text whose characters start at {@code start}: up to {@link #LENGTH} of them. */
    private static String key(int[] characters, int start) {
        return hex(new String(characters, start, Math.min(LENGTH, characters.length - start)));
    }

    private static String hex(String s) {
        return HEX.formatHex(s.getBytes(StandardCharsets.UTF_8));
    }
}
