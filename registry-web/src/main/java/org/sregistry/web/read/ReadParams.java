package org.sregistry.web.read;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.sregistry.catalog.CollectionQuery;
import org.sregistry.catalog.ContainerQuery;
import org.sregistry.registry.Paging;
import org.sregistry.registry.RegistryException;

/**
 * The read API's query parameters as the client writes them, checked: every mistake is a 400
 * with a message naming the parameter, never a 404, a 500 or an unbounded read.
 */
public final class ReadParams {

    /** Rows per page when {@code limit} is not given. */
    public static final int DEFAULT_LIMIT = 100;

    /** Sort keys of {@code GET /api/collections}. */
    public static final Map<String, CollectionQuery.Sort> COLLECTION_SORTS = sorts(
            "name", CollectionQuery.Sort.NAME, "updated", CollectionQuery.Sort.LAST_PUSH,
            "downloads", CollectionQuery.Sort.DOWNLOADS, "stars", CollectionQuery.Sort.STARS,
            "containers", CollectionQuery.Sort.CONTAINERS, "size", CollectionQuery.Sort.SIZE);

    /** Sort keys of the container lists (containers have no stars: their collections do). */
    public static final Map<String, ContainerQuery.Sort> CONTAINER_SORTS = sorts(
            "name", ContainerQuery.Sort.NAME, "updated", ContainerQuery.Sort.LAST_PUSH,
            "downloads", ContainerQuery.Sort.DOWNLOADS, "size", ContainerQuery.Sort.SIZE);

    private ReadParams() {}

    /** {@code offset} rows skipped, {@code limit} rows read. */
    public record Window(int offset, int limit) {}

    /** A sort key and its direction. */
    public record Order<S>(S sort, boolean ascending) {}

    /** A label filter: a key, and a value or null for any value. */
    public record Label(String key, String value) {}

    /** {@code offset} (default 0, not negative) and {@code limit} (default 100, 1 to {@link Paging#PAGE_MAX}). */
    public static Window window(String offset, String limit) {
        int from = integer("offset", offset, 0);
        int size = integer("limit", limit, DEFAULT_LIMIT);
        if (size > Paging.PAGE_MAX) {
            throw RegistryException.invalid("limit " + size + " is above the page size cap: ask for at most "
                    + Paging.PAGE_MAX + " rows and page with offset");
        }
        Paging.check(from, size);
        return new Window(from, size);
    }

    /**
     * {@code sort} (one of {@code keys}; default: by name) and {@code order} ({@code asc} or
     * {@code desc}; default ascending by name, descending by any other key: most downloads,
     * latest push, most stars first).
     */
    public static <S> Order<S> order(String sort, String order, Map<String, S> keys) {
        String key = sort == null || sort.isBlank() ? "name" : sort.trim().toLowerCase(Locale.ROOT);
        S by = keys.get(key);
        if (by == null) {
            throw RegistryException.invalid("unknown sort key '" + shorten(sort) + "': use one of "
                    + String.join(", ", keys.keySet()));
        }
        if (order == null || order.isBlank()) {
            return new Order<>(by, "name".equals(key));
        }
        return switch (order.trim().toLowerCase(Locale.ROOT)) {
            case "asc" -> new Order<>(by, true);
            case "desc" -> new Order<>(by, false);
            default -> throw RegistryException.invalid("unknown order '" + shorten(order) + "': use asc or desc");
        };
    }

    /** {@code signed}: {@code true}, {@code false}, or absent for both. */
    public static Boolean signed(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw RegistryException.invalid("signed must be true or false, not '" + shorten(value) + "'");
        };
    }

    /** {@code label}: {@code key} or {@code key=value} (split at the first '='), or absent. */
    public static Label label(String value) {
        if (value == null || value.isBlank()) {
            return new Label(null, null);
        }
        String[] parts = CollectionQuery.splitLabel(value);
        if (parts[0] == null || parts[0].isEmpty()) {
            throw RegistryException.invalid("label must be key or key=value");
        }
        return new Label(parts[0], parts[1]);
    }

    static int integer(String name, String value, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw RegistryException.invalid(name + " must be a whole number, not '" + shorten(value) + "'");
        }
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    @SuppressWarnings("unchecked")
    private static <S> Map<String, S> sorts(Object... pairs) {
        Map<String, S> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (S) pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
