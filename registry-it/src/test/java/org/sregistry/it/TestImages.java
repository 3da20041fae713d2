package org.sregistry.it;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;

/** Made-up image files and unique names: every test makes its own, so tests share no data. */
public final class TestImages {

    private static final int HEADER = 128;
    private static final int DESCRIPTOR = 585;
    private static final List<String> ARCHS = List.of("386", "amd64", "arm", "arm64", "ppc64", "ppc64le", "mips",
            "mipsle", "mips64", "mips64le", "s390x", "riscv64");

    private TestImages() {}

    /** A valid amd64 SIF file of exactly {@code size} bytes, random after its header (so every image differs). */
    public static byte[] sif(int size) {
        return sif(size, "amd64");
    }

    /**
     * A valid SIF file of exactly {@code size} bytes whose primary partition is for {@code arch}:
     * the SIF global header, a table of one descriptor (a primary system partition, squashfs) and
     * that partition's bytes, which are random. The registry reads the architecture from it. Below
     * the smallest SIF ({@value #HEADER} + {@value #DESCRIPTOR} + 1 bytes) the bytes are random
     * only: enough for a hash that matches nothing.
     */
    public static byte[] sif(int size, String arch) {
        byte[] bytes = new byte[size];
        new Random(ThreadLocalRandom.current().nextLong()).nextBytes(bytes);
        int dataOffset = HEADER + DESCRIPTOR;
        if (size <= dataOffset) {
            return bytes;
        }
        if (!ARCHS.contains(arch)) {
            throw new IllegalArgumentException("unknown architecture " + arch);
        }
        byte[] archCode = String.format("%02d\0", ARCHS.indexOf(arch) + 1).getBytes(StandardCharsets.US_ASCII);
        long now = System.currentTimeMillis() / 1000;
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, dataOffset).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Arrays.copyOf("#!/usr/bin/env run-singularity\n".getBytes(StandardCharsets.US_ASCII), 32));
        b.put("SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII)).put("01\0".getBytes(StandardCharsets.US_ASCII));
        b.put(archCode);
        b.position(64); // the uuid stays random
        b.putLong(now).putLong(now); // created, modified
        b.putLong(0).putLong(1).putLong(HEADER).putLong(DESCRIPTOR); // descriptors free, total, offset, size
        b.putLong(dataOffset).putLong(size - dataOffset); // data offset, size
        b.putInt(0x4004).put((byte) 1).putInt(1).putInt(0).putInt(0); // partition, used, id 1, no group, no link
        b.putLong(dataOffset).putLong(size - dataOffset).putLong(size - dataOffset); // offset, size, padded size
        b.putLong(now).putLong(now).putLong(0).putLong(0); // created, modified, uid, gid
        b.put(Arrays.copyOf("rootfs.squashfs".getBytes(StandardCharsets.US_ASCII), 128));
        b.put(Arrays.copyOf(ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(1).putInt(2).put(archCode).array(), 384)); // squashfs, primary system, arch
        return bytes;
    }

    /**
     * A valid amd64 SIF file with a labels object ({@code labelsJson}, what {@code apptainer inspect}
     * shows) and a primary system partition of {@code partitionSize} random bytes.
     */
    public static byte[] labelled(int partitionSize, String labelsJson) {
        byte[] labels = labelsJson.getBytes(StandardCharsets.UTF_8);
        int dataOffset = HEADER + 2 * DESCRIPTOR;
        int size = dataOffset + labels.length + partitionSize;
        byte[] bytes = new byte[size];
        new Random(ThreadLocalRandom.current().nextLong()).nextBytes(bytes);
        byte[] archCode = String.format("%02d\0", ARCHS.indexOf("amd64") + 1).getBytes(StandardCharsets.US_ASCII);
        long now = System.currentTimeMillis() / 1000;
        ByteBuffer b = ByteBuffer.wrap(bytes, 0, dataOffset).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Arrays.copyOf("#!/usr/bin/env run-singularity\n".getBytes(StandardCharsets.US_ASCII), 32));
        b.put("SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII)).put("01\0".getBytes(StandardCharsets.US_ASCII));
        b.put(archCode);
        b.position(64);
        b.putLong(now).putLong(now);
        b.putLong(0).putLong(2).putLong(HEADER).putLong(2 * DESCRIPTOR); // descriptors free, total, offset, size
        b.putLong(dataOffset).putLong(size - dataOffset);
        // descriptor 1: the labels (JSON)
        b.putInt(0x4003).put((byte) 1).putInt(1).putInt(0).putInt(0);
        b.putLong(dataOffset).putLong(labels.length).putLong(labels.length);
        b.putLong(now).putLong(now).putLong(0).putLong(0);
        b.put(new byte[128]).put(new byte[384]);
        // descriptor 2: the primary system partition
        long partitionOffset = dataOffset + labels.length;
        b.putInt(0x4004).put((byte) 1).putInt(2).putInt(0).putInt(0);
        b.putLong(partitionOffset).putLong(partitionSize).putLong(partitionSize);
        b.putLong(now).putLong(now).putLong(0).putLong(0);
        b.put(Arrays.copyOf("rootfs.squashfs".getBytes(StandardCharsets.US_ASCII), 128));
        b.put(Arrays.copyOf(ByteBuffer.allocate(11).order(ByteOrder.LITTLE_ENDIAN)
                .putInt(1).putInt(2).put(archCode).array(), 384));
        System.arraycopy(labels, 0, bytes, dataOffset, labels.length);
        return bytes;
    }

    /**
     * A valid SIF file as {@code apptainer build} lays one out, in short: a definition file object,
     * a labels object (a JSON object of {@code labels}) and a primary system partition for
     * {@code arch} of {@code partitionSize} random bytes, in that order (ids 1, 2, 3).
     */
    public static byte[] sif(int partitionSize, String arch, String deffile, java.util.Map<String, String> labels) {
        if (!ARCHS.contains(arch)) {
            throw new IllegalArgumentException("unknown architecture " + arch);
        }
        byte[] def = deffile.getBytes(StandardCharsets.UTF_8);
        byte[] lab = jsonObject(labels).getBytes(StandardCharsets.UTF_8);
        byte[] part = new byte[partitionSize];
        new Random(ThreadLocalRandom.current().nextLong()).nextBytes(part);
        int dataOffset = HEADER + 3 * DESCRIPTOR;
        int size = dataOffset + def.length + lab.length + part.length;
        byte[] archCode = String.format("%02d\0", ARCHS.indexOf(arch) + 1).getBytes(StandardCharsets.US_ASCII);
        long now = System.currentTimeMillis() / 1000;
        ByteBuffer b = ByteBuffer.wrap(new byte[size]).order(ByteOrder.LITTLE_ENDIAN);
        b.put(Arrays.copyOf("#!/usr/bin/env run-singularity\n".getBytes(StandardCharsets.US_ASCII), 32));
        b.put("SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII)).put("01\0".getBytes(StandardCharsets.US_ASCII));
        b.put(archCode);
        byte[] uuid = new byte[16];
        ThreadLocalRandom.current().nextBytes(uuid);
        b.put(uuid);
        b.putLong(now).putLong(now);
        b.putLong(0).putLong(3).putLong(HEADER).putLong(3L * DESCRIPTOR);
        b.putLong(dataOffset).putLong(size - dataOffset);
        long offset = dataOffset;
        descriptor(b, 0x4001, 1, offset, def.length, "", new byte[0], now);
        offset += def.length;
        descriptor(b, 0x4003, 2, offset, lab.length, "", new byte[0], now);
        offset += lab.length;
        descriptor(b, 0x4004, 3, offset, part.length, "rootfs.squashfs", ByteBuffer.allocate(11)
                .order(ByteOrder.LITTLE_ENDIAN).putInt(1).putInt(2).put(archCode).array(), now);
        b.position(dataOffset);
        b.put(def).put(lab).put(part);
        return b.array();
    }

    private static void descriptor(ByteBuffer b, int type, int id, long offset, long size, String name, byte[] extra,
            long now) {
        int start = b.position();
        b.putInt(type).put((byte) 1).putInt(id).putInt(0).putInt(0);
        b.putLong(offset).putLong(size).putLong(size);
        b.putLong(now).putLong(now).putLong(0).putLong(0);
        b.put(Arrays.copyOf(name.getBytes(StandardCharsets.US_ASCII), 128));
        b.put(Arrays.copyOf(extra, 384));
        if (b.position() - start != DESCRIPTOR) {
            throw new IllegalStateException("descriptor is " + (b.position() - start) + " bytes");
        }
    }

    private static String jsonObject(java.util.Map<String, String> values) {
        StringBuilder json = new StringBuilder("{");
        values.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append(jakarta.json.Json.createValue(k))
                .append(':').append(jakarta.json.Json.createValue(v)));
        return json.append('}').toString();
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
