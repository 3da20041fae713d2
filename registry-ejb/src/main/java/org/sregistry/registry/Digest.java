package org.sregistry.registry;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** A sha256 content digest, written {@code sha256.<64 lowercase hex>} on the library API. */
public record Digest(String hex) {

    public static final String PREFIX = "sha256.";
    public static final int HEX_LENGTH = 64;
    public static final int REF_LENGTH = PREFIX.length() + HEX_LENGTH;
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    public Digest {
        if (hex == null || !HEX.matcher(hex).matches()) {
            throw RegistryException.invalid("invalid sha256 digest '" + Names.shorten(hex)
                    + "': expected 64 lowercase hex digits");
        }
    }

    public static boolean isDigestRef(String s) {
        return s != null && (s.startsWith(PREFIX) || s.startsWith("sha256:"));
    }

    /** Parses {@code sha256.<hex>} (the library form) or {@code sha256:<hex>}. */
    public static Digest parse(String ref) {
        if (!isDigestRef(ref)) {
            throw RegistryException.invalid("invalid image hash '" + Names.shorten(ref) + "': expected sha256.<hex>");
        }
        return new Digest(ref.substring(PREFIX.length()));
    }

    /** Parses a bare hex digest as the client sends it in upload requests. */
    public static Digest ofHex(String hex) {
        return new Digest(hex == null ? null : hex.toLowerCase());
    }

    public static Digest of(byte[] sha256) {
        return new Digest(HexFormat.of().formatHex(sha256));
    }

    public String ref() {
        return PREFIX + hex;
    }

    @Override
    public String toString() {
        return ref();
    }
}
