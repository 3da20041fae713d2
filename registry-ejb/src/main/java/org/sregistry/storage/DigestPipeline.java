package org.sregistry.storage;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.sregistry.registry.RegistryException;

/**
 * Feeds the bytes of an upload to its digests on threads of their own, one per digest, while the
 * request thread goes on reading the socket and writing the file: a byte then costs the request
 * thread two copies and no hashing, and an upload can arrive as fast as one core hashes (with two
 * digests, a part's and the whole file's, side by side on two cores).
 *
 * <p>The writer takes a buffer with {@link #buffer()}, fills it, and hands it over with
 * {@link #hash}; the buffer comes back for reuse once every digest has consumed it. A fixed set of
 * buffers bounds the memory of an upload, and the writer waits when the hashing falls behind.
 * {@link #finish} waits until every handed byte is hashed; {@link #close} (also after a failure)
 * stops the threads before the digests are used or dropped.
 */
final class DigestPipeline implements AutoCloseable {

    /** Buffers in flight per upload: enough to keep both sides busy, a few MiB at most. */
    static final int DEPTH = 8;

    private record Chunk(byte[] buf, int length, AtomicInteger pending) {}

    private static final Chunk END = new Chunk(new byte[0], 0, new AtomicInteger());

    private final BlockingQueue<byte[]> free;
    private final List<BlockingQueue<Chunk>> queues = new ArrayList<>();
    private final CountDownLatch done;
    private volatile Throwable failure;
    private boolean ended;

    DigestPipeline(ThreadFactory threads, int bufferSize, MessageDigest... digests) {
        free = new ArrayBlockingQueue<>(DEPTH);
        for (int i = 0; i < DEPTH; i++) {
            free.add(new byte[bufferSize]);
        }
        done = new CountDownLatch(digests.length);
        int started = 0;
        try {
            for (MessageDigest digest : digests) {
                // room for every buffer and the end mark: handing over never blocks on a full queue
                BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH + 1);
                Thread worker = threads.newThread(() -> consume(digest, queue));
                if (worker == null) {
                    throw new IllegalStateException("no thread available to hash an upload");
                }
                queues.add(queue);
                worker.start();
                started++;
            }
        } catch (RuntimeException | Error e) {
            for (int i = started; i < digests.length; i++) {
                done.countDown();
            }
            if (queues.size() > started) {
                queues.remove(queues.size() - 1);
            }
            close();
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "cannot hash the upload: " + e);
        }
    }

    private void consume(MessageDigest digest, BlockingQueue<Chunk> queue) {
        try {
            for (Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
                if (failure == null) {
                    digest.update(chunk.buf(), 0, chunk.length());
                }
                if (chunk.pending().decrementAndGet() == 0) {
                    free.add(chunk.buf());
                }
            }
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            failure = e;
        } finally {
            done.countDown();
        }
    }

    /** A buffer to fill; waits while every buffer is still being hashed. */
    byte[] buffer() throws InterruptedException {
        while (true) {
            failed();
            byte[] buf = free.poll(100, TimeUnit.MILLISECONDS);
            if (buf != null) {
                return buf;
            }
        }
    }

    /** Hands the first {@code length} bytes of {@code buf} (from {@link #buffer()}) to every digest. */
    void hash(byte[] buf, int length) {
        Chunk chunk = new Chunk(buf, length, new AtomicInteger(queues.size()));
        for (BlockingQueue<Chunk> queue : queues) {
            queue.add(chunk);
        }
    }

    /** Waits until every byte handed over is in the digests. */
    void finish() throws InterruptedException {
        end();
        done.await();
        failed();
    }

    private void end() {
        if (!ended) {
            ended = true;
            for (BlockingQueue<Chunk> queue : queues) {
                queue.add(END);
            }
        }
    }

    private void failed() {
        Throwable f = failure;
        if (f != null) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "hashing the upload failed: " + f);
        }
    }

    /** Stops the threads; after it returns no thread touches the digests. */
    @Override
    public void close() {
        end();
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
