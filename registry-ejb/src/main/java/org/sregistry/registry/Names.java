package org.sregistry.registry;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The naming rules of the library client, validated here and nowhere else: entity, collection and
 * container names are lowercase {@code [a-z0-9]} runs joined by single {@code . _ -}; tags also
 * allow those separators (the client splits comma lists before they reach us).
 */
public final class Names {

    public static final int NAME_MAX = 128;
    public static final int TAG_MAX = 128;
    public static final String NAME_REGEX = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
    public static final String TAG_REGEX = "[a-z0-9]+(?:[._-][a-z0-9]+)*";
    public static final String ARCH_REGEX = "[a-z0-9_]{1,32}";

    private static final Pattern NAME = Pattern.compile(NAME_REGEX);
    private static final Pattern TAG = Pattern.compile(TAG_REGEX);
    private static final Pattern ARCH = Pattern.compile(ARCH_REGEX);

    private Names() {}

    public static boolean isName(String s) {
        return s != null && s.length() <= NAME_MAX && NAME.matcher(s).matches();
    }

    public static boolean isTag(String s) {
        return s != null && s.length() <= TAG_MAX && TAG.matcher(s).matches();
    }

    public static boolean isArch(String s) {
        return s != null && ARCH.matcher(s).matches();
    }

    /** Returns the name or throws an INVALID error that names what was wrong. */
    public static String requireName(String kind, String s) {
        if (!isName(s)) {
            throw RegistryException.invalid("invalid " + kind + " name '" + shorten(s)
                    + "': use lowercase letters and digits, separated by single '.', '_' or '-'"
                    + " (at most " + NAME_MAX + " characters)");
        }
        return s;
    }

    public static String requireTag(String s) {
        if (!isTag(s)) {
            throw RegistryException.invalid("invalid tag '" + shorten(s)
                    + "': use letters and digits, separated by single '.', '_' or '-'");
        }
        return s;
    }

    public static String requireArch(String s) {
        if (!isArch(s)) {
            throw RegistryException.invalid("invalid architecture '" + shorten(s) + "'");
        }
        return s;
    }

    /**
     * A registry name made from a name of another system (a directory uid, an OpenID Connect
     * username): lower case, every run of characters a name may not hold becomes one {@code -},
     * no separator at either end; empty when nothing usable is left.
     */
    public static Optional<String> normalize(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        String name = java.text.Normalizer.normalize(raw, java.text.Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("[._-]{2,}", "-")
                .replaceAll("(^[._-]+|[._-]+$)", "");
        if (name.length() > NAME_MAX) {
            name = name.substring(0, NAME_MAX).replaceAll("[._-]+$", "");
        }
        return isName(name) ? Optional.of(name) : Optional.empty();
    }

    /** {@code text} cut to at most {@code max} characters (descriptions are kept, not refused, when long). */
    public static String clip(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }

    /** A JPQL LIKE pattern that finds {@code value} anywhere in a lowercase text. */
    public static String containsPattern(String value) {
        return "%" + value.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    static String shorten(String s) {
        if (s == null) {
            return "";
        }
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
