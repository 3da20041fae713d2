package org.sregistry.storage;

import com.sun.nio.file.ExtendedOpenOption;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Writes the bytes of an upload, in order, from a position of a file with direct I/O
 * ({@code O_DIRECT}): from the buffer to the disk, without taking page-cache pages for them. Every
 * byte of an upload is written once and read much later (a pull), so caching it on the way in only
 * costs: on the benchmark's machine, writing through the page cache ran at 0.3 to 0.5 GB/s, direct
 * writes at 0.9 to 1.5 GB/s (BENCHMARKS.md, Run 7), and the page cache keeps the blobs that pulls
 * read. Direct I/O writes whole blocks at block-aligned positions: a tail that is not a whole block
 * goes through the page cache, and so does everything after it.
 *
 * <p>The bytes are copied into a block-aligned direct buffer of the writer's own, which is what
 * direct I/O writes from. (Handing the channel a heap array would make the JDK copy it into a
 * temporary aligned buffer of the thread's cache, and JDK 17 then fails with a
 * {@code NullPointerException} when that thread next needs an ordinary temporary buffer.)
 */
final class DirectFileWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DirectFileWriter.class.getName());
    private static final AtomicBoolean REFUSED_LOGGED = new AtomicBoolean();

    private final Path file;
    private final FileChannel direct;
    private final int block;
    private ByteBuffer aligned;
    private FileChannel buffered;
    private long position;

    private DirectFileWriter(Path file, FileChannel direct, int block, long position) {
        this.file = file;
        this.direct = direct;
        this.block = block;
        this.position = position;
    }

    /**
     * A writer at {@code offset} of {@code file} (created when missing), or empty when direct I/O
     * cannot serve it: the file system refuses {@code O_DIRECT} (tmpfs, some network file systems),
     * or {@code offset} is not a multiple of its block size.
     */
    static Optional<DirectFileWriter> open(Path file, long offset) {
        FileChannel channel = null;
        try {
            long block = Files.getFileStore(file.getParent()).getBlockSize();
            int chunk = BlobStore.PIPELINE_BUFFER;
            if (block <= 0 || block > chunk || chunk % block != 0 || offset % block != 0) {
                return Optional.empty();
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT);
            return Optional.of(new DirectFileWriter(file, channel, (int) block, offset));
        } catch (IOException | UnsupportedOperationException e) {
            // the file system refuses O_DIRECT: the upload goes through the page cache, as it may
            closeQuietly(channel);
            if (REFUSED_LOGGED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "uploads under {0} are written through the page cache: its file"
                        + " system refuses direct I/O ({1})", file.getParent(), e.toString());
            }
            return Optional.empty();
        }
    }

    /** Writes the first {@code length} bytes of {@code buf} after the bytes written so far. */
    void write(byte[] buf, int length) throws IOException {
        ByteBuffer aligned = alignedFor(length);
        for (int at = 0; at < length; ) {
            int n = Math.min(length - at, aligned.capacity() - aligned.capacity() % block);
            int whole = buffered == null ? n - n % block : 0;
            if (whole > 0) {
                writeFully(direct, aligned.clear().put(buf, at, whole).flip());
            }
            if (whole < n) {
                if (buffered == null) {
                    buffered = FileChannel.open(file, StandardOpenOption.WRITE);
                }
                writeFully(buffered, aligned.clear().put(buf, at + whole, n - whole).flip());
            }
            at += n;
        }
    }

    /**
     * The aligned buffer, as big as the first chunk (a small file, as imports write them, takes no
     * more) and grown once to a whole pipeline buffer when a bigger chunk comes.
     */
    private ByteBuffer alignedFor(int length) {
        int wanted = Math.min(BlobStore.PIPELINE_BUFFER, (length + block - 1) / block * block);
        if (aligned == null || aligned.capacity() < wanted) {
            int size = aligned == null ? wanted : BlobStore.PIPELINE_BUFFER;
            aligned = ByteBuffer.allocateDirect(size + block - 1).alignedSlice(block);
        }
        return aligned;
    }

    private void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            position += channel.write(bytes, position);
        }
    }

    /** Whether some bytes went through the page cache (a partial block, and all after it). */
    boolean usedPageCache() {
        return buffered != null;
    }

    /** Makes what was written durable: the tail's pages and the file's size and extents. */
    void force() throws IOException {
        if (buffered != null) {
            buffered.force(false);
        }
        direct.force(false);
    }

    @Override
    public void close() throws IOException {
        try {
            direct.close();
        } finally {
            if (buffered != null) {
                buffered.close();
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // nothing was written through it
            }
        }
    }
}
