package org.sregistry.registry;

import java.util.Locale;
import java.util.Optional;

/**
 * The registry policies an administrator may change at run time. Each takes its value from the
 * database when an administrator set one, else from MicroProfile Config (its key, or the environment
 * variable of that key), else from the default written here; {@link #resolve} says which.
 */
public enum PolicySetting {

    /** Every new collection is private, and none may be made public. */
    PRIVATE_ONLY("registry.policy.private-only", "false", false),
    /** New collections are private unless created public on purpose (through the admin API). */
    DEFAULT_PRIVATE("registry.policy.default-private", "false", false),
    /** Whether users who are not staff may create collections at all. */
    USER_COLLECTIONS("registry.policy.user-collections", "true", false),
    /** How many collections a user (not staff) may have in one namespace; 0 is unlimited. */
    USER_COLLECTION_LIMIT("registry.policy.user-collection-limit", "0", true),
    /** Whether contributors of a collection may push to it (owners always may). */
    CONTRIBUTORS_MAY_PUSH("registry.policy.contributors-may-push", "false", false);

    /** Where a value came from, weakest first. */
    public enum Source { DEFAULT, CONFIG, DATABASE }

    /** A value and its origin. */
    public record Resolved(PolicySetting setting, String value, Source source) {}

    private final String configKey;
    private final String defaultValue;
    private final boolean number;

    PolicySetting(String configKey, String defaultValue, boolean number) {
        this.configKey = configKey;
        this.defaultValue = defaultValue;
        this.number = number;
    }

    public String configKey() {
        return configKey;
    }

    public String defaultValue() {
        return defaultValue;
    }

    /** The key under which the database keeps an administrator's value (table registry_setting). */
    public String databaseKey() {
        return "policy." + name();
    }

    /** The setting {@code name} names, case-insensitively, with '-' for '_' allowed. */
    public static PolicySetting named(String name) {
        try {
            return valueOf(name == null ? "" : name.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw RegistryException.notFound("unknown setting '" + Names.shorten(name) + "'");
        }
    }

    /**
     * {@code value} in its canonical form ({@code true}/{@code false}, or a non-negative integer),
     * or an INVALID error that says what the setting takes.
     */
    public String normalize(String value) {
        String v = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (number) {
            try {
                long n = Long.parseLong(v);
                if (n >= 0 && n <= Integer.MAX_VALUE) {
                    return Long.toString(n);
                }
            } catch (NumberFormatException e) {
                // answered below
            }
            throw RegistryException.invalid(name() + " takes a whole number of at least 0 (0 is unlimited)");
        }
        if (v.equals("true") || v.equals("false")) {
            return v;
        }
        throw RegistryException.invalid(name() + " takes true or false");
    }

    /**
     * The effective value: the database's over the configuration's over the default. A value that
     * does not parse (a mistyped environment variable) is skipped, so a typo falls back rather than
     * breaking every request.
     */
    public Resolved resolve(Optional<String> database, Optional<String> config) {
        Optional<String> fromDatabase = database.flatMap(this::valid);
        if (fromDatabase.isPresent()) {
            return new Resolved(this, fromDatabase.get(), Source.DATABASE);
        }
        Optional<String> fromConfig = config.flatMap(this::valid);
        if (fromConfig.isPresent()) {
            return new Resolved(this, fromConfig.get(), Source.CONFIG);
        }
        return new Resolved(this, defaultValue, Source.DEFAULT);
    }

    private Optional<String> valid(String value) {
        try {
            return Optional.of(normalize(value));
        } catch (RegistryException e) {
            return Optional.empty();
        }
    }
}
