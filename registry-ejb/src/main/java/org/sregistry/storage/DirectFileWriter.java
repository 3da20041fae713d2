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
 * <p>The bytes are copied into a block-aligned direct buffer, which is what direct I/O writes from:
 * the writer's own for a small file, or one kept by the {@link ChunkPool} for chunks of a whole
 * pipeline buffer, given back when the writer is closed. (Handing the channel a heap array would
 * make the JDK copy it into a temporary aligned buffer of the thread's cache, and JDK 17 then fails
 * with a {@code NullPointerException} when that thread next needs an ordinary temporary buffer.)
 */
final class DirectFileWriter implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(DirectFileWriter.class.getName());
    private static final AtomicBoolean REFUSED_LOGGED = new AtomicBoolean();

    private final Path file;
    private final FileChannel direct;
    private final int block;
    private final ChunkPool chunks;
    private ByteBuffer aligned;
    /** The pool's buffer that {@link #aligned} is a slice of; null while the buffer is the writer's own. */
    private ByteBuffer pooled;
    private FileChannel buffered;
    private long position;

    private DirectFileWriter(Path file, FileChannel direct, int block, long position, ChunkPool chunks) {
        this.file = file;
        this.direct = direct;
        this.block = block;
        this.position = position;
        this.chunks = chunks;
    }

    /** As {@link #open(Path, long, ChunkPool)}, with a direct buffer of the writer's own. */
    static Optional<DirectFileWriter> open(Path file, long offset) {
        return open(file, offset, new ChunkPool(BlobStore.PIPELINE_BUFFER, 0));
    }

    /**
     * A writer at {@code offset} of {@code file} (created when missing), or empty when direct I/O
     * cannot serve it: the file system refuses {@code O_DIRECT} (tmpfs, some network file systems),
     * or {@code offset} is not a multiple of its block size. Its direct buffer for chunks of {@code
     * chunks}' size comes from {@code chunks}, and goes back there when the writer is closed.
     */
    static Optional<DirectFileWriter> open(Path file, long offset, ChunkPool chunks) {
        FileChannel channel = null;
        try {
            long block = Files.getFileStore(file.getParent()).getBlockSize();
            int chunk = chunks.size();
            if (block <= 0 || block > chunk || chunk % block != 0 || offset % block != 0) {
                return Optional.empty();
            }
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    ExtendedOpenOption.DIRECT);
            return Optional.of(new DirectFileWriter(file, channel, (int) block, offset, chunks));
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
     * more), or a whole chunk of the pool's once a chunk comes that is bigger.
     */
    private ByteBuffer alignedFor(int length) {
        int size = chunks.size();
        int wanted = Math.min(size, (length + block - 1) / block * block);
        if (aligned == null || aligned.capacity() < wanted) {
            if (aligned == null && wanted < size) {
                aligned = ByteBuffer.allocateDirect(wanted + block - 1).alignedSlice(block);
            } else {
                pooled = chunks.direct(block);
                aligned = pooled.alignedSlice(block);
            }
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
            try {
                if (buffered != null) {
                    buffered.close();
                }
            } finally {
                if (pooled != null) {
                    aligned = null;
                    chunks.give(pooled);
                    pooled = null;
                }
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
