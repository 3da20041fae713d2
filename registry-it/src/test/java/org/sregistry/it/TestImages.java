package org.sregistry.it;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Made-up image files and unique names: every test makes its own, so tests share no data. */
public final class TestImages {

    private static final byte[] SIF_MAGIC = "#!/usr/bin/env run-singularity\nSIF_MAGIC0001".getBytes(StandardCharsets.US_ASCII);

    private TestImages() {}

    /** {@code size} bytes that start like a SIF file and are random after that (so every image differs). */
    public static byte[] sif(int size) {
        byte[] bytes = new byte[size];
        new Random(ThreadLocalRandom.current().nextLong()).nextBytes(bytes);
        System.arraycopy(SIF_MAGIC, 0, bytes, 0, Math.min(size, SIF_MAGIC.length));
        return bytes;
    }

    /** A name valid for entities, collections, containers and tags, unique to this run: {@code prefix-k3x9q2m7}. */
    public static String unique(String prefix) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder name = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 8; i++) {
            name.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return name.toString();
    }

    public static String sha256(byte[] bytes) {
        return hex("SHA-256", bytes, 0, bytes.length);
    }

    public static String sha256(byte[] bytes, int offset, int length) {
        return hex("SHA-256", bytes, offset, length);
    }

    public static String md5(byte[] bytes) {
        return hex("MD5", bytes, 0, bytes.length);
    }

    /** The image hash as the library writes it: {@code sha256.<hex>}. */
    public static String hashRef(byte[] bytes) {
        return "sha256." + sha256(bytes);
    }

    private static String hex(String algorithm, byte[] bytes, int offset, int length) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            digest.update(bytes, offset, length);
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
