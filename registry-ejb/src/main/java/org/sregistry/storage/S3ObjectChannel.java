package org.sregistry.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A read-only {@link FileChannel} over a stored object, for the code that reads SIF files with
 * positional reads. Each read that misses the window fetches the next {@code window} bytes with one
 * ranged GET, so parsing a header costs a request or two and hashing a partition one request per
 * window.
 */
final class S3ObjectChannel extends FileChannel {

    /** Fetches {@code length} bytes from {@code first}. */
    interface Ranges {
        byte[] fetch(long first, long length) throws IOException;
    }

    private final long size;
    private final Ranges ranges;
    private final int windowSize;
    private long position;
    private byte[] window = new byte[0];
    private long windowStart;

    S3ObjectChannel(long size, int windowSize, Ranges ranges) {
        this.size = size;
        this.windowSize = windowSize;
        this.ranges = ranges;
    }

    @Override
    public int read(ByteBuffer dst, long at) throws IOException {
        if (at < 0) {
            throw new IllegalArgumentException("negative position");
        }
        if (at >= size) {
            return -1;
        }
        if (at < windowStart || at >= windowStart + window.length) {
            long length = Math.min(size - at, Math.max(windowSize, dst.remaining()));
            window = ranges.fetch(at, length);
            windowStart = at;
            if (window.length == 0) {
                throw new IOException("the object ended at " + at + ", before its length " + size);
            }
        }
        int offset = (int) (at - windowStart);
        int n = Math.min(dst.remaining(), window.length - offset);
        dst.put(window, offset, n);
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = read(dst, position);
        if (n > 0) {
            position += n;
        }
        return n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        long total = 0;
        for (int i = offset; i < offset + length; i++) {
            int n = read(dsts[i]);
            if (n < 0) {
                return total == 0 ? -1 : total;
            }
            total += n;
        }
        return total;
    }

    @Override
    public long position() {
        return position;
    }

    @Override
    public FileChannel position(long newPosition) {
        position = newPosition;
        return this;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public long transferTo(long at, long count, WritableByteChannel target) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(windowSize, Math.max(count, 1)));
        long done = 0;
        while (done < count) {
            buf.clear().limit((int) Math.min(buf.capacity(), count - done));
            int n = read(buf, at + done);
            if (n < 0) {
                break;
            }
            buf.flip();
            while (buf.hasRemaining()) {
                target.write(buf);
            }
            done += n;
        }
        return done;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) {
        throw new NonWritableChannelException();
    }

    @Override
    public int write(ByteBuffer src, long at) {
        throw new NonWritableChannelException();
    }

    @Override
    public FileChannel truncate(long newSize) {
        throw new NonWritableChannelException();
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long at, long count) {
        throw new NonWritableChannelException();
    }

    @Override
    public void force(boolean metaData) {
        // nothing is written
    }

    @Override
    public MappedByteBuffer map(MapMode mode, long at, long length) {
        throw new UnsupportedOperationException("an object in a bucket cannot be mapped into memory");
    }

    @Override
    public FileLock lock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("an object in a bucket cannot be locked");
    }

    @Override
    public FileLock tryLock(long at, long length, boolean shared) {
        throw new UnsupportedOperationException("an object in a bucket cannot be locked");
    }

    @Override
    protected void implCloseChannel() {
        window = new byte[0];
    }
}
