package org.sregistry.web.library;

import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.sregistry.web.api.PayaraResponses;

/**
 * Sends a region of a file as a response body without copying it through the heap: the region is
 * mapped from the page cache and handed, as it is, to Payara's HTTP layer (Grizzly), which writes
 * it to the socket. A stream copies every byte three times on the way (read into an array, into the
 * servlet's buffer, into a direct buffer for the socket); here the kernel copies it once, from the
 * page cache to the socket. The Servlet API has no such call before Servlet 6.1 (Jakarta EE 11), so
 * Grizzly's {@code OutputBuffer.writeByteBuffer} is reached by reflection ({@link PayaraResponses}).
 * A blob file is never changed once committed, and a mapping outlives the deletion of its file, so
 * a concurrent cleanup cannot tear a download.
 */
final class MappedFileSender {

    private static final System.Logger LOG = System.getLogger(MappedFileSender.class.getName());

    /** Bytes mapped at once: few mappings for a big image, each unmapped when collected. */
    static final long MAP_BYTES = 64L << 20;
    /**
     * Bytes handed to Grizzly per write: 32 parallel downloads ran at 0.85 to 0.97x nginx with 4 MiB,
     * 0.56 to 0.90x with 1 MiB and 0.72 to 0.75x with 256 KiB (BENCHMARKS.md, Run 6). Not heap: a slice of the mapping.
     */
    static final int WRITE_BYTES = 4 << 20;

    private static final AtomicBoolean UNAVAILABLE_LOGGED = new AtomicBoolean();

    private final ServletResponse response;
    private final Object output;
    private final Method writeByteBuffer;
    private final Method flush;
    private final long mapBytes;
    private final int writeBytes;

    /** Sends to {@code output}, an object with Grizzly's {@code writeByteBuffer(ByteBuffer)} and {@code flush()}. */
    MappedFileSender(ServletResponse response, Object output, long mapBytes, int writeBytes) throws NoSuchMethodException {
        this.response = response;
        this.output = output;
        this.mapBytes = mapBytes;
        this.writeBytes = writeBytes;
        this.writeByteBuffer = PayaraResponses.method(output, "writeByteBuffer", ByteBuffer.class);
        this.flush = PayaraResponses.method(output, "flush");
    }

    /** The sender for the request's response, or empty when it is not Payara's (then stream the bytes). */
    static Optional<MappedFileSender> of(ServletRequest request) {
        try {
            return Optional.of(new MappedFileSender(PayaraResponses.recorded(request),
                    PayaraResponses.call(PayaraResponses.grizzly(request), "getOutputBuffer"), MAP_BYTES, WRITE_BYTES));
        } catch (ReflectiveOperationException | RuntimeException e) {
            if (UNAVAILABLE_LOGGED.compareAndSet(false, true)) {
                LOG.log(System.Logger.Level.INFO, "downloads are streamed through the heap: the response is not"
                        + " Payara''s ({0})", e.toString());
            }
            return Optional.empty();
        }
    }

    /**
     * Whether the status line and the headers have gone out. JAX-RS sends them with the first bytes
     * of the body (after its buffer of 8 KiB fills), not before: until then nothing may bypass it.
     */
    boolean committed() {
        return response.isCommitted();
    }

    /**
     * Writes bytes {@code first .. first+length-1} of {@code file} to the connection and flushes
     * them, after what the response sent already ({@link #committed} must be true).
     */
    void send(FileChannel file, long first, long length) throws IOException {
        long end = first + length;
        for (long at = first; at < end; ) {
            long mapped = Math.min(mapBytes, end - at);
            MappedByteBuffer region = file.map(FileChannel.MapMode.READ_ONLY, at, mapped);
            for (int offset = 0; offset < mapped; offset += writeBytes) {
                PayaraResponses.invoke(writeByteBuffer, output, region.slice(offset, (int) Math.min(writeBytes, mapped - offset)));
            }
            at += mapped;
        }
        PayaraResponses.invoke(flush, output);
    }
}
