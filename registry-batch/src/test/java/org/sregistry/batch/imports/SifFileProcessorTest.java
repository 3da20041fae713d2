package org.sregistry.batch.imports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SifFileProcessorTest {

    @TempDir
    Path dir;

    private final SifFileProcessor processor = new SifFileProcessor();

    @Test
    void aFileWithTheSifMagicAtOffset32BecomesAnItemWithItsContainerName() throws Exception {
        Path file = write("My Image.sif", sifHeader());

        ImportItem item = processor.processItem(new SifCandidate(file));

        assertThat(item).isEqualTo(new ImportItem(file, "my-image"));
    }

    @Test
    void aFileWithoutTheMagicIsSkippedWithTheReason() throws IOException {
        byte[] bytes = new byte[4096];
        Path file = write("text.sif", bytes);

        assertThatThrownBy(() -> processor.processItem(new SifCandidate(file)))
                .isInstanceOf(UnimportableFileException.class)
                .hasMessage("text.sif: not a SIF file: no SIF_MAGIC at offset 32");
    }

    @Test
    void theMagicOneByteOffIsNotASif() throws IOException {
        byte[] bytes = new byte[100];
        System.arraycopy("SIF_MAGIC".getBytes(StandardCharsets.US_ASCII), 0, bytes, 31, 9);
        Path file = write("shifted.sif", bytes);

        assertThatThrownBy(() -> processor.processItem(new SifCandidate(file)))
                .isInstanceOf(UnimportableFileException.class).hasMessageContaining("no SIF_MAGIC");
    }

    @Test
    void aFileShorterThanTheHeaderIsSkipped() throws IOException {
        Path file = write("short.sif", new byte[10]);

        assertThatThrownBy(() -> processor.processItem(new SifCandidate(file)))
                .isInstanceOf(UnimportableFileException.class).hasMessage("short.sif: not a SIF file: only 10 bytes long");
    }

    @Test
    void aSifWhoseNameMakesNoContainerNameIsSkipped() throws IOException {
        Path file = write("___.sif", sifHeader());

        assertThatThrownBy(() -> processor.processItem(new SifCandidate(file)))
                .isInstanceOf(UnimportableFileException.class).hasMessageContaining("no container name");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** A small valid SIF: header, one primary system partition (amd64) and its bytes. */
    static byte[] sifHeader() {
        int header = 128;
        int descriptor = 585;
        int size = 4096;
        int data = header + descriptor;
        byte[] bytes = new byte[size];
        byte[] arch = "02\0".getBytes(StandardCharsets.US_ASCII);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.put(java.util.Arrays.copyOf("#!/usr/bin/env run-singularity\n".getBytes(StandardCharsets.US_ASCII), 32));
        b.put("SIF_MAGIC\0".getBytes(StandardCharsets.US_ASCII)).put("01\0".getBytes(StandardCharsets.US_ASCII)).put(arch);
        b.position(64);
        b.putLong(1700000000L).putLong(1700000000L);
        b.putLong(0).putLong(1).putLong(header).putLong(descriptor);
        b.putLong(data).putLong(size - data);
        b.putInt(0x4004).put((byte) 1).putInt(1).putInt(0).putInt(0);
        b.putLong(data).putLong(size - data).putLong(size - data);
        b.putLong(1700000000L).putLong(1700000000L).putLong(0).putLong(0);
        b.put(java.util.Arrays.copyOf("rootfs.squashfs".getBytes(StandardCharsets.US_ASCII), 128));
        b.put(java.util.Arrays.copyOf(java.nio.ByteBuffer.allocate(11).order(java.nio.ByteOrder.LITTLE_ENDIAN)
                .putInt(1).putInt(2).put(arch).array(), 384));
        return bytes;
    }

    @Test
    void aFileWithTheMagicButABrokenDescriptorTableIsSkippedWithTheParsersReason() throws IOException {
        byte[] bytes = sifHeader();
        java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(88, 1_000_000L); // descriptors total
        Path file = write("broken.sif", bytes);

        assertThatThrownBy(() -> processor.processItem(new SifCandidate(file)))
                .isInstanceOf(UnimportableFileException.class).hasMessageStartingWith("broken.sif: not a valid SIF image:");
    }
}
