package org.sregistry.web.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link MappedFileSender}: file regions handed, mapped, to an output with Grizzly's two methods. */
class MappedFileSenderTest {

    /** What Grizzly's OutputBuffer offers the sender: the bytes it is given, the flushes. */
    public static class Output {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        int writes;
        int flushes;
        int largestWrite;
        boolean direct = true;

        public void writeByteBuffer(ByteBuffer buffer) throws IOException {
            if (writes == failAt) {
                throw new IOException("Connection closed");
            }
            writes++;
            largestWrite = Math.max(largestWrite, buffer.remaining());
            direct &= buffer.isDirect();
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            received.writeBytes(bytes);
        }

        public void flush() {
            flushes++;
        }

        int failAt = -1;
    }

    @TempDir
    Path dir;

    @Test
    void aRegionGoesOutWholeAcrossMappingsAndWrites() throws Exception {
        byte[] bytes = new byte[1_000_003];
        new Random(7).nextBytes(bytes);
        Path file = Files.write(dir.resolve("blob"), bytes);
        Output output = new Output();

        try (FileChannel channel = FileChannel.open(file)) {
            new MappedFileSender(null, output, 300_000, 65_536).send(channel, 12_345, 900_000);
        }

        assertThat(output.received.toByteArray()).isEqualTo(Arrays.copyOfRange(bytes, 12_345, 912_345));
        assertThat(output.largestWrite).isEqualTo(65_536);
        assertThat(output.direct).as("mapped from the file, not copied into the heap").isTrue();
        assertThat(output.flushes).isEqualTo(1);
    }

    @Test
    void aClientThatGoesAwayIsAnIOException() throws Exception {
        Path file = Files.write(dir.resolve("blob"), new byte[200_000]);
        Output output = new Output();
        output.failAt = 1;

        try (FileChannel channel = FileChannel.open(file)) {
            MappedFileSender sender = new MappedFileSender(null, output, 300_000, 65_536);
            assertThatThrownBy(() -> sender.send(channel, 0, 200_000)).isInstanceOf(IOException.class)
                    .hasMessage("Connection closed");
        }
        assertThat(output.flushes).isZero();
    }
}
