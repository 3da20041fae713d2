package org.sregistry.registry;

import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Identifiers of stored objects: 24 random hex digits, the shape of the library's object ids. Random
 * (not sequential) so that ids neither leak counts nor can be enumerated to probe private content.
 */
public final class Ids {

    public static final int LENGTH = 24;
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {}

    public static String next() {
        byte[] bytes = new byte[LENGTH / 2];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    public static boolean isId(String s) {
        return s != null && s.length() == LENGTH && s.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    }
}
