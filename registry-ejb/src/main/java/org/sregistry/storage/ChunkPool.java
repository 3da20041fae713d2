package org.sregistry.storage;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The chunks of large uploads, kept from one upload to the next: the heap arrays an {@link
 * UploadPipeline} fills and the direct buffers a {@link DirectFileWriter} writes from. A chunk is
 * a humongous object for G1 in the heaps a registry runs with (regions of 1 MiB below 2 GiB of
 * heap), and allocating one can start a collection: a multipart push of 4 GiB in 64 MiB parts
 * allocated 256 of them and ran 338 young collections at {@code -Xmx256m} (BENCHMARKS.md, Run 17).
 * Direct buffers are freed only after a collection finds them unreachable. Kept here, an upload
 * takes what the one before it gave back.
 *
 * <p>At most {@code keep} of each are kept; an upload that finds none takes a new one, and what comes
 * back when the pool is full is left to the collector. Safe for any number of threads.
 */
final class ChunkPool {

    private final int size;
    private final int keep;
    private final ArrayBlockingQueue<byte[]> arrays;
    private final ArrayBlockingQueue<ByteBuffer> directs;

    /** A pool of chunks of {@code size} bytes keeping at most {@code keep} of each kind (0: none). */
    ChunkPool(int size, int keep) {
        this.size = size;
        this.keep = keep;
        this.arrays = new ArrayBlockingQueue<>(Math.max(1, keep));
        this.directs = new ArrayBlockingQueue<>(Math.max(1, keep));
    }

    /** The size of every chunk. */
    int size() {
        return size;
    }

    /** A heap chunk of {@link #size()} bytes; its content is whatever the last upload left. */
    byte[] array() {
        byte[] kept = arrays.poll();
        return kept != null ? kept : new byte[size];
    }

    /** Gives back a chunk from {@link #array()}; no one may use it afterwards. */
    void give(byte[] chunk) {
        if (keep > 0 && chunk.length == size) {
            arrays.offer(chunk);
        }
    }

    /**
     * A direct buffer with room for {@link #size()} bytes at any alignment up to {@code block} bytes
     * ({@link ByteBuffer#alignedSlice}); its content is whatever the last upload left.
     */
    ByteBuffer direct(int block) {
        ByteBuffer kept = directs.poll();
        if (kept != null && kept.capacity() >= size + block - 1) {
            return kept.clear();
        }
        return ByteBuffer.allocateDirect(size + block - 1);
    }

    /** Gives back a buffer from {@link #direct}; no one may use it, nor a slice of it, afterwards. */
    void give(ByteBuffer direct) {
        if (keep > 0 && direct.isDirect() && direct.capacity() >= size) {
            directs.offer(direct);
        }
    }

    /** How many chunks of each kind are kept now: heap arrays, then direct buffers. */
    int[] kept() {
        return new int[] {arrays.size(), directs.size()};
    }
}
