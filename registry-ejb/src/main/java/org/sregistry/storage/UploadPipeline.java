package org.sregistry.storage;

import java.io.IOException;
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
 * Hands the bytes of an upload, as the request thread reads them, to consumers that each run on a
 * thread of their own: its digests (a part's and the whole file's, side by side on two cores) and,
 * when the file is written with direct I/O, the file writer. The request thread then only reads the
 * socket, and an upload can arrive as fast as one core hashes.
 *
 * <p>The reader takes a buffer with {@link #buffer()}, fills it, and hands it over with
 * {@link #hand}; the buffer comes back for reuse once every consumer has taken it. A fixed set of
 * buffers bounds the memory of an upload, and the reader waits when a consumer falls behind. Each
 * consumer sees the chunks in the order they were handed. {@link #finish} waits until every handed
 * byte is consumed; {@link #close} (also after a failure) stops the threads before the consumers'
 * state is used or dropped, and then gives the buffers back to the {@link ChunkPool} they came from.
 */
final class UploadPipeline implements AutoCloseable {

    /** Buffers in flight per upload: enough to keep every side busy (4 MiB with 1 MiB chunks). */
    static final int DEPTH = 4;

    /** Takes the chunks of an upload, in order, on a thread of its own. */
    @FunctionalInterface
    interface Consumer {
        void accept(byte[] buf, int length) throws IOException;
    }

    private record Chunk(byte[] buf, int length, AtomicInteger pending) {}

    private static final Chunk END = new Chunk(new byte[0], 0, new AtomicInteger());

    private final ChunkPool chunks;
    private final List<byte[]> taken = new ArrayList<>();
    private final BlockingQueue<byte[]> free;
    private final List<BlockingQueue<Chunk>> queues = new ArrayList<>();
    private final CountDownLatch done;
    private volatile Throwable failure;
    private boolean ended;
    private boolean closed;

    /** A pipeline whose buffers are {@link #DEPTH} chunks of {@code chunks}, one thread per consumer. */
    UploadPipeline(ThreadFactory threads, ChunkPool chunks, List<Consumer> consumers) {
        this.chunks = chunks;
        free = new ArrayBlockingQueue<>(DEPTH);
        for (int i = 0; i < DEPTH; i++) {
            byte[] buf = chunks.array();
            taken.add(buf);
            free.add(buf);
        }
        done = new CountDownLatch(consumers.size());
        int started = 0;
        try {
            for (Consumer consumer : consumers) {
                // room for every buffer and the end mark: handing over never blocks on a full queue
                BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(DEPTH + 1);
                Thread worker = threads.newThread(() -> consume(consumer, queue));
                if (worker == null) {
                    throw new IllegalStateException("no thread available to take an upload");
                }
                queues.add(queue);
                worker.start();
                started++;
            }
        } catch (RuntimeException | Error e) {
            for (int i = started; i < consumers.size(); i++) {
                done.countDown();
            }
            if (queues.size() > started) {
                queues.remove(queues.size() - 1);
            }
            close();
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "cannot take the upload: " + e);
        }
    }

    private void consume(Consumer consumer, BlockingQueue<Chunk> queue) {
        try {
            for (Chunk chunk = queue.take(); chunk != END; chunk = queue.take()) {
                if (failure == null) {
                    consumer.accept(chunk.buf(), chunk.length());
                }
                if (chunk.pending().decrementAndGet() == 0) {
                    free.add(chunk.buf());
                }
            }
        } catch (InterruptedException e) {
            failure = e;
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            done.countDown();
        }
    }

    /** A buffer to fill; waits while every buffer is still with a consumer. */
    byte[] buffer() throws InterruptedException {
        while (true) {
            failed();
            byte[] buf = free.poll(100, TimeUnit.MILLISECONDS);
            if (buf != null) {
                return buf;
            }
        }
    }

    /** Hands the first {@code length} bytes of {@code buf} (from {@link #buffer()}) to every consumer. */
    void hand(byte[] buf, int length) {
        Chunk chunk = new Chunk(buf, length, new AtomicInteger(queues.size()));
        for (BlockingQueue<Chunk> queue : queues) {
            queue.add(chunk);
        }
    }

    /** Waits until every byte handed over is consumed. */
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
        if (f instanceof IOException) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE,
                    "storage error while writing an upload: " + f.getMessage());
        }
        if (f != null) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "taking the upload failed: " + f);
        }
    }

    /** Stops the threads; after it returns no thread touches the consumers, and the buffers are given back. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
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
        closed = true;
        // no consumer runs any more, and the reader (the caller) is done with its buffer
        taken.forEach(chunks::give);
        taken.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
