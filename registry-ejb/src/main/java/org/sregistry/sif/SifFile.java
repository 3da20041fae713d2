package org.sregistry.sif;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sregistry.registry.RegistryException;

/**
 * What the registry knows of a SIF file after reading it: its header, its used descriptors, and
 * the contents of its small metadata objects. The layout follows the reference implementation
 * (github.com/sylabs/sif/v2, package sif: {@code header}, {@code rawDescriptor}).
 *
 * <p>The file comes from a client, so nothing it claims is trusted: every offset and size is
 * checked against the real file length before anything is read, the descriptor table is read only
 * when it is small ({@link #MAX_DESCRIPTORS}), and metadata objects are read up to
 * {@link #MAX_OBJECT_READ} bytes each. A file that is not a SIF, or whose structure points outside
 * itself, fails with {@link RegistryException.Reason#INVALID}. Contents that are merely odd (labels
 * that are not a JSON object, unknown data types or architectures) are kept as far as they make
 * sense and never refuse an image: they do not stop the image from running.
 *
 * @param deffile the definition file (the first one if there are several), or null
 * @param environment the environment object's text, or null
 * @param labels the labels object, flattened to text values (nested values as JSON), in file order
 */
public record SifFile(SifHeader header, List<SifDescriptor> descriptors, String deffile, String environment,
        Map<String, String> labels) {

    /** Descriptor tables larger than this are refused (the reference tools create 48 entries). */
    public static final int MAX_DESCRIPTORS = 4096;
    /** At most this many bytes of a definition file, labels or environment object are read. */
    public static final int MAX_OBJECT_READ = 1 << 20;
    /** Size of one packed descriptor on disk. */
    public static final int DESCRIPTOR_SIZE = 4 + 1 + 4 + 4 + 4 + 8 * 7 + 128 + 384;

    static final byte[] MAGIC = "SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII);
    static final String VERSION = "01";
    static final List<String> ARCHS = List.of("386", "amd64", "arm", "arm64", "ppc64", "ppc64le", "mips", "mipsle",
            "mips64", "mips64le", "s390x", "riscv64");
    private static final int GROUP_MASK = 0xf0000000;
    private static final int EXTRA_OFFSET = DESCRIPTOR_SIZE - 384;
    private static final int NAME_OFFSET = EXTRA_OFFSET - 128;

    public SifFile {
        descriptors = List.copyOf(descriptors);
        labels = Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** Reads the SIF at {@code file}; throws INVALID when it is not one. */
    public static SifFile read(Path file) {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return read(channel);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a SIF from {@code channel} with positional reads only (the position is not moved). */
    public static SifFile read(FileChannel channel) throws IOException {
        long length = channel.size();
        if (length < SifHeader.SIZE) {
            throw invalid("the file has " + length + " bytes, fewer than the " + SifHeader.SIZE + "-byte SIF header");
        }
        SifHeader header = header(readFully(channel, 0, SifHeader.SIZE));
        List<SifDescriptor> descriptors = descriptors(channel, header, length);
        String deffile = null;
        String environment = null;
        Map<String, String> labels = Map.of();
        boolean labelsSeen = false;
        for (SifDescriptor d : descriptors) {
            switch (d.dataType()) {
                case SifDescriptor.DEFFILE -> deffile = deffile != null ? deffile : text(channel, d);
                case SifDescriptor.ENV_VARS -> environment = environment != null ? environment : text(channel, d);
                case SifDescriptor.LABELS -> {
                    if (!labelsSeen) {
                        labelsSeen = true;
                        labels = labels(channel, d);
                    }
                }
                default -> {
                    // the other objects are described by their descriptor alone
                }
            }
        }
        return new SifFile(header, descriptors, deffile, environment, labels);
    }

    /**
     * The architecture the image runs on: the header's primary architecture, else that of the
     * primary system partition; null when neither says.
     */
    public String primaryArch() {
        if (header.primaryArch() != null) {
            return header.primaryArch();
        }
        return partitions().stream().filter(d -> d.partition().isPrimary() && d.partition().arch() != null)
                .map(d -> d.partition().arch()).findFirst().orElse(null);
    }

    public List<SifDescriptor> partitions() {
        return ofType(SifDescriptor.PARTITION);
    }

    public List<SifDescriptor> signatures() {
        return ofType(SifDescriptor.SIGNATURE);
    }

    public List<SifDescriptor> ofType(int dataType) {
        return descriptors.stream().filter(d -> d.dataType() == dataType).toList();
    }

    private static SifHeader header(ByteBuffer b) {
        byte[] magic = new byte[MAGIC.length];
        b.position(32).get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw invalid("SIF_MAGIC is missing from the header");
        }
        String version = cString(b, 42, 3);
        if (!VERSION.equals(version)) {
            throw invalid("SIF version '" + printable(version) + "' is not supported (only " + VERSION + ")");
        }
        String arch = arch(b, 45);
        byte[] uuid = new byte[16];
        b.position(48).get(uuid);
        b.position(64);
        Instant created = instant(b.getLong());
        Instant modified = instant(b.getLong());
        long free = b.getLong();
        long total = b.getLong();
        long descriptorsOffset = b.getLong();
        long descriptorsSize = b.getLong();
        long dataOffset = b.getLong();
        long dataSize = b.getLong();
        return new SifHeader(version, arch, uuid(uuid), created, modified, free, total, descriptorsOffset,
                descriptorsSize, dataOffset, dataSize);
    }

    private static List<SifDescriptor> descriptors(FileChannel channel, SifHeader h, long length) throws IOException {
        long total = h.descriptorsTotal();
        if (total < 0 || total > MAX_DESCRIPTORS) {
            throw invalid("the header claims " + total + " descriptors (at most " + MAX_DESCRIPTORS + " are accepted)");
        }
        if (h.descriptorsFree() < 0 || h.descriptorsFree() > total) {
            throw invalid("the header claims " + h.descriptorsFree() + " free descriptors of " + total);
        }
        long tableSize = total * DESCRIPTOR_SIZE;
        if (h.descriptorsOffset() < SifHeader.SIZE || h.descriptorsSize() < tableSize
                || h.descriptorsOffset() > length - tableSize) {
            throw invalid("the descriptor table (" + total + " entries at offset " + h.descriptorsOffset()
                    + ") does not lie within the file of " + length + " bytes");
        }
        ByteBuffer table = readFully(channel, h.descriptorsOffset(), (int) tableSize);
        List<SifDescriptor> used = new ArrayList<>();
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < total; i++) {
            ByteBuffer d = table.slice(i * DESCRIPTOR_SIZE, DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            if (d.get(4) == 0) {
                continue; // a free slot
            }
            SifDescriptor descriptor = descriptor(d, length);
            if (!ids.add(descriptor.id())) {
                throw invalid("two descriptors have the id " + descriptor.id());
            }
            used.add(descriptor);
        }
        used.sort(Comparator.comparingInt(SifDescriptor::id));
        return used;
    }

    private static SifDescriptor descriptor(ByteBuffer d, long length) {
        int dataType = d.getInt(0);
        int id = d.getInt(5);
        int group = d.getInt(9);
        int linked = d.getInt(13);
        long offset = d.getLong(17);
        long size = d.getLong(25);
        if (offset < 0 || size < 0 || offset > length - size) {
            throw invalid("object " + Integer.toUnsignedString(id) + " (offset " + offset + ", " + size
                    + " bytes) does not lie within the file of " + length + " bytes");
        }
        String name = cString(d, NAME_OFFSET, 128);
        ByteBuffer extra = d.slice(EXTRA_OFFSET, 384).order(ByteOrder.LITTLE_ENDIAN);
        SifDescriptor.Partition partition = null;
        SifDescriptor.Signature signature = null;
        String sbomFormat = null;
        switch (dataType) {
            case SifDescriptor.PARTITION -> partition = new SifDescriptor.Partition(fsType(extra.getInt(0)),
                    partType(extra.getInt(4)), arch(extra, 8));
            case SifDescriptor.SIGNATURE -> {
                byte[] fingerprint = new byte[20];
                extra.get(4, fingerprint);
                boolean present = false;
                for (byte b : fingerprint) {
                    present |= b != 0;
                }
                signature = new SifDescriptor.Signature(hashType(extra.getInt(0)),
                        present ? HexFormat.of().withUpperCase().formatHex(fingerprint) : null);
            }
            case SifDescriptor.SBOM -> sbomFormat = sbomFormat(extra.getInt(0));
            default -> {
                // no type-specific data the registry shows
            }
        }
        boolean linksGroup = (linked & GROUP_MASK) != 0;
        return new SifDescriptor(dataType, id, group & ~GROUP_MASK, linked & ~GROUP_MASK, linksGroup, offset, size,
                name, partition, signature, sbomFormat);
    }

    private static String text(FileChannel channel, SifDescriptor d) throws IOException {
        int n = (int) Math.min(d.size(), MAX_OBJECT_READ);
        ByteBuffer b = readFully(channel, d.offset(), n);
        String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(b).toString();
        int nul = s.indexOf('\0');
        return nul >= 0 ? s.substring(0, nul) : s;
    }

    private static Map<String, String> labels(FileChannel channel, SifDescriptor d) throws IOException {
        if (d.size() > MAX_OBJECT_READ) {
            return Map.of(); // a truncated JSON document says nothing reliable
        }
        String json = text(channel, d).strip();
        if (json.isEmpty()) {
            return Map.of();
        }
        try (var reader = Json.createReader(new StringReader(json))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                return Map.of();
            }
            Map<String, String> labels = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> e : ((JsonObject) value).entrySet()) {
                JsonValue v = e.getValue();
                labels.put(e.getKey(), v instanceof JsonString s ? s.getString()
                        : v.getValueType() == JsonValue.ValueType.NULL ? "" : v.toString());
            }
            return labels;
        } catch (JsonException notJson) {
            return Map.of(); // labels that do not parse are left out; the image itself is fine
        }
    }

    private static ByteBuffer readFully(FileChannel channel, long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw invalid("the file ends at " + (position + b.position()) + ", inside a SIF structure");
            }
        }
        return b.flip();
    }

    private static String arch(ByteBuffer b, int at) {
        String code = cString(b, at, 3);
        if (code.length() == 2 && Character.isDigit(code.charAt(0)) && Character.isDigit(code.charAt(1))) {
            int n = Integer.parseInt(code);
            return n >= 1 && n <= ARCHS.size() ? ARCHS.get(n - 1) : null;
        }
        return null;
    }

    /** Go code of an architecture name ("02" for amd64), for writing SIFs in tests. */
    static String archCode(String arch) {
        int i = ARCHS.indexOf(arch);
        if (i < 0) {
            throw new IllegalArgumentException(arch);
        }
        return String.format("%02d", i + 1);
    }

    private static String fsType(int v) {
        return switch (v) {
            case 1 -> "squashfs";
            case 2 -> "ext3";
            case 3 -> "archive";
            case 4 -> "raw";
            case 5 -> "encrypted-squashfs";
            default -> "unknown-" + v;
        };
    }

    private static String partType(int v) {
        return switch (v) {
            case 1 -> "system";
            case 2 -> SifDescriptor.PRIMARY_SYSTEM;
            case 3 -> "data";
            case 4 -> "overlay";
            default -> "unknown-" + v;
        };
    }

    private static String hashType(int v) {
        return switch (v) {
            case 1 -> "sha256";
            case 2 -> "sha384";
            case 3 -> "sha512";
            case 4 -> "blake2s-256";
            case 5 -> "blake2b-256";
            default -> "unknown-" + v;
        };
    }

    private static String sbomFormat(int v) {
        return switch (v) {
            case 1 -> "cyclonedx-json";
            case 2 -> "cyclonedx-xml";
            case 3 -> "github-json";
            case 4 -> "spdx-json";
            case 5 -> "spdx-rdf";
            case 6 -> "spdx-tag-value";
            case 7 -> "spdx-yaml";
            case 8 -> "syft-json";
            default -> "unknown-" + v;
        };
    }

    private static String cString(ByteBuffer b, int at, int max) {
        int n = 0;
        while (n < max && b.get(at + n) != 0) {
            n++;
        }
        byte[] bytes = new byte[n];
        b.get(at, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static String uuid(byte[] b) {
        String hex = HexFormat.of().formatHex(b);
        return hex.substring(0, 8) + "-" + hex.substring(8, 12) + "-" + hex.substring(12, 16) + "-"
                + hex.substring(16, 20) + "-" + hex.substring(20);
    }

    private static Instant instant(long epochSeconds) {
        // Instant's own range is far wider than any real file; clamp what a hostile header claims
        return Instant.ofEpochSecond(Math.max(-31_557_014_167_219_200L, Math.min(31_556_889_864_403_199L, epochSeconds)));
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7e]", "?");
    }

    private static RegistryException invalid(String why) {
        return RegistryException.invalid("not a valid SIF image: " + why);
    }
}
