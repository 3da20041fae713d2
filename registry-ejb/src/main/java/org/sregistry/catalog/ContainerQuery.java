package org.sregistry.catalog;

import org.sregistry.registry.Paging;
import org.sregistry.registry.RegistryException;

/**
 * A page of containers as the public read API asks for it: filters (each null when not set), a sort
 * and a page.
 *
 * @param text part of the container's name or description (case-insensitive)
 * @param entity only containers of this entity's collections
 * @param collection only containers of collections with this name (with {@code entity}: that one collection)
 * @param tag only containers carrying this tag
 * @param labelKey only containers with an uploaded image labelled with this key ...
 * @param labelValue ... and, when set, exactly this value
 * @param signed only containers with (true) or without (false) an uploaded image whose signatures verified
 * @param first the first row (0-based)
 * @param size rows per page, 1 to {@link Paging#PAGE_MAX}
 */
public record ContainerQuery(String text, String entity, String collection, String tag, String labelKey,
        String labelValue, Boolean signed, Sort sort, boolean ascending, int first, int size) {

    /** What containers sort by; ties are broken by entity, collection and container name. */
    public enum Sort { NAME, LAST_PUSH, DOWNLOADS, SIZE }

    public ContainerQuery {
        text = blankToNull(text);
        entity = blankToNull(entity);
        collection = blankToNull(collection);
        tag = blankToNull(tag);
        labelKey = blankToNull(labelKey);
        labelValue = blankToNull(labelValue);
        sort = sort == null ? Sort.NAME : sort;
        for (String s : new String[] {text, entity, collection, tag, labelKey, labelValue}) {
            if (s != null && s.length() > CollectionQuery.TEXT_MAX) {
                throw RegistryException.invalid("a filter is longer than " + CollectionQuery.TEXT_MAX + " characters");
            }
        }
        Paging.check(first, size);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
