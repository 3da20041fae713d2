package org.sregistry.sif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sregistry.registry.RegistryException;

/**
 * Real SIF files made by {@code siftool} (the reference implementation's tool), and hostile ones
 * made from them by truncating or patching header and descriptor fields.
 */
class SifFileTest {

    // global header field offsets (see SifHeader)
    static final int DESCRIPTORS_FREE = 80;
    static final int DESCRIPTORS_TOTAL = 88;
    static final int DESCRIPTORS_OFFSET = 96;
    static final int DESCRIPTORS_SIZE = 104;
    // descriptor field offsets
    static final int D_OFFSET = 17;
    static final int D_SIZE = 25;

    static final String FINGERPRINT = "433FE984155206BD962725E20E8713472A879943";
    static final String DEFFILE = "Bootstrap: docker\nFrom: alpine:3.20\n\n%labels\n    maintainer science\n";

    @TempDir
    static Path dir;

    static Path full;

    @BeforeAll
    static void siftool() throws Exception {
        assumeTrue(hasSiftool(), "siftool is not installed (Debian package siftool)");
        Path def = write("recipe.def", DEFFILE);
        Path labels = write("labels.json", "{\"maintainer\":\"science\",\"org.label-schema.version\":\"1.2\",\"n\":3}");
        Path env = write("env.sh", "export PATH=/opt/bin:$PATH\n");
        Path rootfs = dir.resolve("rootfs.img");
        byte[] payload = new byte[40_000];
        new Random(7).nextBytes(payload);
        Files.write(rootfs, payload);
        Path sig = write("sig.asc", "-----BEGIN PGP SIGNATURE-----\nnot really\n-----END PGP SIGNATURE-----\n");
        Path sbom = write("sbom.json", "{\"spdxVersion\":\"SPDX-2.3\"}");
        full = dir.resolve("full.sif");
        siftool("new", full.toString());
        siftool("add", "--datatype", "1", full.toString(), def.toString());
        siftool("add", "--datatype", "3", full.toString(), labels.toString());
        siftool("add", "--datatype", "2", full.toString(), env.toString());
        siftool("add", full.toString(), rootfs.toString(), "--datatype", "4", "--parttype", "2", "--partfs", "1",
                "--partarch", "4", "--groupid", "1", "--filename", "rootfs.img");
        siftool("add", "--datatype", "5", full.toString(), sig.toString(), "--signentity", FINGERPRINT,
                "--signhash", "1", "--link", "1", "--groupid", "0");
        siftool("add", "--datatype", "9", full.toString(), sbom.toString(), "--sbomformat", "spdx-json");
        siftool("add", "--datatype", "7", full.toString(), env.toString(), "--filename", "extra.bin");
    }

    @Test
    void readsEveryObjectOfARealSif() {
        SifFile sif = SifFile.read(full);

        assertThat(sif.header().version()).isEqualTo("01");
        assertThat(sif.header().primaryArch()).isEqualTo("arm64");
        assertThat(sif.primaryArch()).isEqualTo("arm64");
        assertThat(sif.header().uuid()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(sif.deffile()).isEqualTo(DEFFILE);
        assertThat(sif.environment()).isEqualTo("export PATH=/opt/bin:$PATH\n");
        assertThat(sif.labels()).containsExactly(Map.entry("maintainer", "science"),
                Map.entry("org.label-schema.version", "1.2"), Map.entry("n", "3"));
        assertThat(sif.descriptors()).extracting(SifDescriptor::typeName)
                .containsExactly("deffile", "labels", "envvars", "partition", "signature", "sbom", "generic");
        assertThat(sif.descriptors()).extracting(SifDescriptor::id).containsExactly(1, 2, 3, 4, 5, 6, 7);

        SifDescriptor partition = sif.partitions().get(0);
        assertThat(partition.partition()).isEqualTo(new SifDescriptor.Partition("squashfs", "primsys", "arm64"));
        assertThat(partition.size()).isEqualTo(40_000);
        assertThat(partition.name()).isEqualTo("rootfs.img");
        assertThat(partition.groupId()).isEqualTo(1);

        SifDescriptor signature = sif.signatures().get(0);
        assertThat(signature.signature()).isEqualTo(new SifDescriptor.Signature("sha256", FINGERPRINT));
        assertThat(signature.linkedId()).isEqualTo(1);
        assertThat(signature.linksGroup()).isFalse();

        assertThat(sif.ofType(SifDescriptor.SBOM)).singleElement()
                .satisfies(d -> assertThat(d.sbomFormat()).isEqualTo("spdx-json"));
        assertThat(sif.ofType(SifDescriptor.GENERIC)).singleElement()
                .satisfies(d -> assertThat(d.name()).isEqualTo("extra.bin"));
    }

    @Test
    void readsTheImagesOfTheSharedTestScript() throws Exception {
        // SHARED_DIR as scripts/test-all.sh sets it, else the shared/ folder beside the repository
        Path shared = Path.of(System.getenv().getOrDefault("SHARED_DIR", "../../shared"));
        Path script = shared.resolve("libclient/mksif.sh").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(script), "mksif.sh not found at " + script);
        Path out = dir.resolve("mksif.sif");
        run(List.of(script.toString(), out.toString(), "64K", "seed"));

        SifFile sif = SifFile.read(out);

        assertThat(sif.primaryArch()).isEqualTo("amd64");
        assertThat(sif.partitions()).singleElement().satisfies(d -> {
            assertThat(d.partition().isPrimary()).isTrue();
            assertThat(d.size()).isEqualTo(65536 - 32768);
        });
        assertThat(sif.deffile()).isNull();
        assertThat(sif.labels()).isEmpty();
    }

    @Test
    void anEmptySifIsValidButDeclaresNoArchitecture() throws Exception {
        Path empty = dir.resolve("empty.sif");
        siftool("new", empty.toString());

        SifFile sif = SifFile.read(empty);

        assertThat(sif.descriptors()).isEmpty();
        assertThat(sif.primaryArch()).isNull();
    }

    @Test
    void labelsThatAreNotAJsonObjectAreLeftOut() throws Exception {
        Path sif = dir.resolve("badlabels.sif");
        siftool("new", sif.toString());
        siftool("add", "--datatype", "3", sif.toString(), write("bad.json", "{\"unterminated\": ").toString());

        assertThat(SifFile.read(sif).labels()).isEmpty();
        assertThat(SifFile.read(sif).ofType(SifDescriptor.LABELS)).hasSize(1);
    }

    @Test
    void readsAtMostOneMebibyteOfADefinitionFile() throws Exception {
        Path sif = dir.resolve("bigdef.sif");
        siftool("new", sif.toString());
        siftool("add", "--datatype", "1", sif.toString(), write("big.def", "#".repeat(3 << 20)).toString());

        SifFile read = SifFile.read(sif);

        assertThat(read.deffile()).hasSize(SifFile.MAX_OBJECT_READ);
        assertThat(read.ofType(SifDescriptor.DEFFILE).get(0).size()).isEqualTo(3 << 20);
    }

    @Test
    void refusesFilesThatAreNotSif() throws Exception {
        byte[] random = new byte[10_000];
        new Random(1).nextBytes(random);
        assertInvalid(() -> SifFile.read(bytes("random.bin", random)), "SIF_MAGIC");
        assertInvalid(() -> SifFile.read(bytes("empty.bin", new byte[0])), "fewer than the 128-byte SIF header");
        assertInvalid(() -> SifFile.read(bytes("text.txt", "#!/usr/bin/env run-singularity\n".getBytes())),
                "fewer than the 128-byte SIF header");
    }

    @Test
    void refusesAnUnknownVersion() throws Exception {
        Path f = copy("version.sif");
        patch(f, 42, "99".getBytes(StandardCharsets.US_ASCII));
        assertInvalid(() -> SifFile.read(f), "SIF version '99' is not supported");
    }

    @Test
    void refusesTruncatedFiles() throws Exception {
        byte[] good = Files.readAllBytes(full);
        for (int length : new int[] {127, 128, 4096 + 100, 4096 + 48 * 585 - 1, good.length - 1}) {
            byte[] cut = java.util.Arrays.copyOf(good, length);
            assertInvalid(() -> SifFile.read(bytes("cut-" + length + ".sif", cut)), "");
        }
    }

    @Test
    void refusesHugeOrNegativeDescriptorCounts() throws Exception {
        for (long total : new long[] {Long.MAX_VALUE, 1L << 40, SifFile.MAX_DESCRIPTORS + 1, -1, Long.MIN_VALUE}) {
            Path f = copy("total.sif");
            patchLong(f, DESCRIPTORS_TOTAL, total);
            assertInvalid(() -> SifFile.read(f), "descriptors");
        }
        Path free = copy("free.sif");
        patchLong(free, DESCRIPTORS_FREE, -5);
        assertInvalid(() -> SifFile.read(free), "free descriptors");
    }

    @Test
    void refusesADescriptorTableOutsideTheFile() throws Exception {
        long[][] cases = {{DESCRIPTORS_OFFSET, 1L << 40}, {DESCRIPTORS_OFFSET, -4096}, {DESCRIPTORS_OFFSET, 0},
            {DESCRIPTORS_OFFSET, Long.MAX_VALUE - 10}, {DESCRIPTORS_SIZE, 100}, {DESCRIPTORS_SIZE, -1}};
        for (long[] c : cases) {
            Path f = copy("table.sif");
            patchLong(f, (int) c[0], c[1]);
            assertInvalid(() -> SifFile.read(f), "descriptor table");
        }
    }

    @Test
    void refusesObjectsThatPointOutsideTheFile() throws Exception {
        long length = Files.size(full);
        long partition = 4096 + 3L * 585; // the fourth descriptor: the partition
        long[][] cases = {{D_OFFSET, length}, {D_OFFSET, -1}, {D_OFFSET, Long.MAX_VALUE - 10}, {D_SIZE, length + 1},
            {D_SIZE, -1}, {D_SIZE, Long.MAX_VALUE}};
        for (long[] c : cases) {
            Path f = copy("object.sif");
            patchLong(f, (int) (partition + c[0]), c[1]);
            assertInvalid(() -> SifFile.read(f), "does not lie within the file");
        }
    }

    @Test
    void refusesDuplicateObjectIds() throws Exception {
        Path f = copy("ids.sif");
        patchInt(f, 4096 + 585 + 5, 1); // the labels descriptor gets the deffile's id
        assertInvalid(() -> SifFile.read(f), "two descriptors have the id 1");
    }

    @Test
    void unknownArchitectureCodesReadAsNone() throws Exception {
        Path f = copy("arch.sif");
        patch(f, 45, "77".getBytes(StandardCharsets.US_ASCII));
        SifFile sif = SifFile.read(f);
        assertThat(sif.header().primaryArch()).isNull();
        assertThat(sif.primaryArch()).isEqualTo("arm64"); // the primary partition still says so
    }

    private static void assertInvalid(ThrowingCallable read, String message) {
        assertThatThrownBy(read).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID);
            assertThat(e.getMessage()).startsWith("not a valid SIF image: ").contains(message);
        });
    }

    private static Path copy(String name) throws IOException {
        Path f = dir.resolve(name);
        Files.copy(full, f, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return f;
    }

    private static Path bytes(String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    private static Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private static void patch(Path f, long at, byte[] bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(at);
            raf.write(bytes);
        }
    }

    private static void patchLong(Path f, long at, long value) throws IOException {
        patch(f, at, java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(value).array());
    }

    private static void patchInt(Path f, long at, int value) throws IOException {
        patch(f, at, java.nio.ByteBuffer.allocate(4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt(value).array());
    }

    private static boolean hasSiftool() {
        try {
            return new ProcessBuilder("siftool", "version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static void siftool(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("siftool"));
        command.addAll(List.of(args));
        run(command);
    }

    private static void run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }
}
