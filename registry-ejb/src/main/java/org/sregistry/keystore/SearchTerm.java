package org.sregistry.keystore;

import java.util.Locale;
import org.sregistry.registry.RegistryException;

/**
 * What an HKP {@code search} asks for, normalised: a fingerprint (40 hex), a 64-bit key ID (16 hex), a
 * 32-bit short key ID (the last 8 hex of a key ID), and/or text to find in user ids.
 *
 * <p>The real client sends {@code 0x}-prefixed hex for key IDs and fingerprints, but formats signer
 * key IDs with {@code %#x}, which drops leading zeros ({@code 0x937f7e3a5246c85} for key ID
 * {@code 0937F7E3A5246C85}): up to 16 digits are read as a key ID padded with zeros, except exactly 8,
 * which is a short key ID (the same key in both readings when the top half is zero). {@code key
 * search} sends lower-case hex without {@code 0x}: bare hex of key ID or fingerprint length is looked
 * up both as hex and as text.
 *
 * @param kind what {@code hex} is, or TEXT when there is no hex part
 * @param hex upper-case hex of the fingerprint or key ID, or null
 * @param text the text to find in user ids, or null
 */
public record SearchTerm(Kind kind, String hex, String text) {

    public static final int TEXT_MAX = 256;

    public enum Kind { FINGERPRINT, KEY_ID, SHORT_KEY_ID, TEXT }

    public static SearchTerm parse(String search) {
        String s = search == null ? "" : search.trim();
        if (s.isEmpty()) {
            throw RegistryException.invalid("search is required");
        }
        if (s.length() > TEXT_MAX) {
            throw RegistryException.invalid("search is longer than " + TEXT_MAX + " characters");
        }
        if ((s.startsWith("0x") || s.startsWith("0X")) && isHex(s.substring(2)) && s.length() > 2) {
            return hex(s.substring(2), null);
        }
        if (isHex(s) && (s.length() == 8 || s.length() == 16 || s.length() == 40)) {
            return hex(s, s);
        }
        return new SearchTerm(Kind.TEXT, null, s);
    }

    private static SearchTerm hex(String digits, String text) {
        String h = digits.toUpperCase(Locale.ROOT);
        int n = h.length();
        if (n == 8) {
            return new SearchTerm(Kind.SHORT_KEY_ID, h, text);
        }
        if (n <= 16) {
            return new SearchTerm(Kind.KEY_ID, "0".repeat(16 - n) + h, text);
        }
        if (n > 32 && n <= 40) {
            return new SearchTerm(Kind.FINGERPRINT, "0".repeat(40 - n) + h, text);
        }
        throw RegistryException.invalid("0x" + digits
                + " is neither a key ID (8 or 16 hex digits) nor a version 4 fingerprint (40 hex digits)");
    }

    private static boolean isHex(String s) {
        return !s.isEmpty() && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    }

    public boolean hasText() {
        return text != null;
    }

    public boolean hasHex() {
        return hex != null;
    }
}
