package org.sregistry.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectFileWriterTest {

    @TempDir
    Path dir;

    Path file;
    int block;

    @BeforeEach
    void setUp() throws Exception {
        file = dir.resolve("data");
        block = (int) Files.getFileStore(dir).getBlockSize();
        Optional<DirectFileWriter> probe = DirectFileWriter.open(dir.resolve("probe"), 0);
        Assumptions.assumeTrue(probe.isPresent(), "the file system of the test folder refuses O_DIRECT");
        probe.get().close();
    }

    @Test
    void aPositionThatIsNotAWholeNumberOfBlocksIsRefused() {
        assertThat(DirectFileWriter.open(file, block + 1)).isEmpty();
        assertThat(DirectFileWriter.open(file, 3L * block)).isPresent();
    }

    @Test
    void aSmallFirstChunkThenFullOnesAreAllWrittenWhole() throws Exception {
        Random random = new Random(9);
        byte[][] chunks = {new byte[2 * block], new byte[BlobStore.PIPELINE_BUFFER], new byte[BlobStore.PIPELINE_BUFFER]};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DirectFileWriter writer = DirectFileWriter.open(file, 0).orElseThrow()) {
            for (byte[] chunk : chunks) {
                random.nextBytes(chunk);
                writer.write(chunk, chunk.length);
                expected.write(chunk);
            }
            writer.force();
            assertThat(writer.usedPageCache()).as("whole blocks only: every byte written directly").isFalse();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void chunksLandInOrderFromThePositionAndAPartialBlockSendsTheRestThroughThePageCache() throws Exception {
        Files.write(file, new byte[] {1, 2, 3});   // bytes before the position stay
        Random random = new Random(5);
        byte[][] chunks = {new byte[4 * block], new byte[2 * block + 100], new byte[3 * block], new byte[17]};
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(new byte[] {1, 2, 3});
        expected.write(new byte[block - 3]);
        boolean partial = false;
        try (DirectFileWriter writer = DirectFileWriter.open(file, block).orElseThrow()) {
            for (byte[] chunk : chunks) {
                random.nextBytes(chunk);
                // a buffer longer than the bytes handed: only the first length bytes are written
                byte[] buf = java.util.Arrays.copyOf(chunk, chunk.length + 99);
                writer.write(buf, chunk.length);
                expected.write(chunk);
                partial |= chunk.length % block != 0;
                assertThat(writer.usedPageCache()).as("after a chunk of %d bytes", chunk.length).isEqualTo(partial);
            }
            writer.force();
        }
        assertThat(Files.readAllBytes(file)).isEqualTo(expected.toByteArray());
    }

    @Test
    void aWholeChunkIsWrittenFromAPooledBufferThatGoesBackOnClose() throws Exception {
        ChunkPool pool = new ChunkPool(BlobStore.PIPELINE_BUFFER, 1);
        byte[] chunk = new byte[BlobStore.PIPELINE_BUFFER];
        new Random(3).nextBytes(chunk);
        try (DirectFileWriter writer = DirectFileWriter.open(file, 0, pool).orElseThrow()) {
            writer.write(chunk, chunk.length);
            assertThat(pool.kept()).containsExactly(0, 0);
        }
        assertThat(pool.kept()).as("given back when closed").containsExactly(0, 1);

        Path other = dir.resolve("other");
        byte[] shorter = java.util.Arrays.copyOf(chunk, 3 * block + 5);
        java.util.Arrays.fill(shorter, (byte) 7);
        try (DirectFileWriter writer = DirectFileWriter.open(other, 0, pool).orElseThrow()) {
            writer.write(chunk, chunk.length);
            writer.write(shorter, shorter.length);
            assertThat(pool.kept()).as("the kept buffer, taken again").containsExactly(0, 0);
            writer.force();
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        expected.write(chunk);
        expected.write(shorter);
        assertThat(Files.readAllBytes(other)).isEqualTo(expected.toByteArray());
        assertThat(Files.readAllBytes(file)).isEqualTo(chunk);
    }
}
