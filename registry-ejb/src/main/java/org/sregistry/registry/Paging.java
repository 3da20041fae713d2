package org.sregistry.registry;

/** The checks and the name filter shared by the services' paged lists (the console's lazy tables). */
public final class Paging {

    /** The largest page one request may read. */
    public static final int PAGE_MAX = 500;

    private Paging() {}

    public static void check(int offset, int limit) {
        if (limit < 1 || limit > PAGE_MAX) {
            throw RegistryException.invalid("limit must be between 1 and " + PAGE_MAX);
        }
        if (offset < 0) {
            throw RegistryException.invalid("offset must not be negative");
        }
    }

    /** A LIKE pattern for names containing {@code filter}, case-insensitive; everything for a blank filter. */
    public static String pattern(String filter) {
        return filter == null || filter.isBlank() ? "%" : Names.containsPattern(filter.trim());
    }
}
