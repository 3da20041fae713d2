package org.sregistry.catalog;

import org.sregistry.registry.RegistryException;

/**
 * What the browse table asks for: filters (each null when not set), a sort and a page.
 *
 * @param text part of {@code entity/collection} or of the description
 * @param entity only this entity's collections
 * @param tag only collections with a container carrying this tag
 * @param labelKey only collections with an image labelled with this key ...
 * @param labelValue ... and, when set, exactly this value
 * @param signed only collections with (true) or without (false) an image whose signatures verified; null: all
 * @param first the first row (0-based)
 * @param size rows per page; 0 counts only
 */
public record CollectionQuery(String text, String entity, String tag, String labelKey, String labelValue, Sort sort,
        boolean ascending, int first, int size, Boolean signed) {

    public static final int TEXT_MAX = 256;
    public static final int PAGE_MAX = 500;

    /** The columns the table sorts by. */
    public enum Sort { NAME, CONTAINERS, SIZE, LAST_PUSH, DOWNLOADS, STARS }

    /** The console's query: no signature filter. */
    public CollectionQuery(String text, String entity, String tag, String labelKey, String labelValue, Sort sort,
            boolean ascending, int first, int size) {
        this(text, entity, tag, labelKey, labelValue, sort, ascending, first, size, null);
    }

    public CollectionQuery {
        text = blankToNull(text);
        entity = blankToNull(entity);
        tag = blankToNull(tag);
        labelKey = blankToNull(labelKey);
        labelValue = blankToNull(labelValue);
        sort = sort == null ? Sort.NAME : sort;
        for (String s : new String[] {text, entity, tag, labelKey, labelValue}) {
            if (s != null && s.length() > TEXT_MAX) {
                throw RegistryException.invalid("a filter is longer than " + TEXT_MAX + " characters");
            }
        }
        if (first < 0 || size < 0 || size > PAGE_MAX) {
            throw RegistryException.invalid("page out of range (first " + first + ", size " + size + ")");
        }
    }

    /** All visible collections by name, one page of {@code size}. */
    public static CollectionQuery all(int size) {
        return new CollectionQuery(null, null, null, null, null, Sort.NAME, true, 0, size);
    }

    /**
     * A label filter as written in an address: {@code key} or {@code key=value}; the key and value
     * parts are split at the first '='.
     */
    public static String[] splitLabel(String label) {
        if (label == null || label.isBlank()) {
            return new String[] {null, null};
        }
        int eq = label.indexOf('=');
        return eq < 0 ? new String[] {label.trim(), null} : new String[] {label.substring(0, eq).trim(), label.substring(eq + 1)};
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
