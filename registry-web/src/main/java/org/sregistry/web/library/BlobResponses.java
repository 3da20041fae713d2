package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobStore;
import org.sregistry.storage.ByteRange;

/**
 * Sends a blob's bytes, whole (200) or one range (206 with Content-Range; 416 beyond the end).
 * A blob file goes from the page cache to the connection without passing through the heap
 * ({@link MappedFileSender}, on by default: {@code registry.download.zero-copy}); otherwise (an S3
 * object, another container) the bytes are streamed from the blob store with a fixed buffer. Either
 * way the memory used is the same whatever the size.
 */
@ApplicationScoped
public class BlobResponses {

    private static final int BUFFER = 64 * 1024;
    /** Bytes sent through JAX-RS before the rest of a blob file bypasses it: more than its 8 KiB buffer. */
    static final int HEAD_PIECE = BUFFER;

    @Inject
    BlobStore store;

    @Inject
    RegistryMetrics metrics;

    @Inject
    HttpServletRequest request;

    @Inject
    @ConfigProperty(name = "registry.download.zero-copy")
    boolean zeroCopy;

    public Response serve(Digest digest, String rangeHeader) {
        long total = store.size(digest);
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, total);
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(total);
        StreamingOutput body = out -> metrics.sent(send(digest, first, length, out));
        Response.ResponseBuilder response = range.isPresent()
                ? Response.status(206).header("Content-Range", range.get().contentRange())
                : Response.ok();
        return response.entity(body).type(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HttpHeaders.CONTENT_LENGTH, length)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.ETAG, "\"" + digest.hex() + "\"")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + digest.hex() + ".sif\"")
                .build();
    }

    /**
     * Sends the bytes; a blob file, after a first piece that carries the status line and the headers
     * out through JAX-RS, straight from the page cache ({@link MappedFileSender}).
     */
    private long send(Digest digest, long first, long length, OutputStream out) throws IOException {
        Optional<MappedFileSender> direct = zeroCopy && length > HEAD_PIECE ? MappedFileSender.of(request) : Optional.empty();
        Optional<FileChannel> file = direct.isPresent() ? store.fileChannel(digest) : Optional.empty();
        if (file.isEmpty()) {
            try (InputStream in = store.open(digest, first, length)) {
                return copy(digest, in, length, out);
            }
        }
        try (FileChannel channel = file.get()) {
            InputStream in = Channels.newInputStream(channel.position(first));
            copy(digest, in, HEAD_PIECE, out);
            out.flush();
            if (direct.get().committed()) {
                direct.get().send(channel, first + HEAD_PIECE, length - HEAD_PIECE);
                metrics.sentMapped(length - HEAD_PIECE);
            } else { // a JAX-RS buffer larger than the piece: the rest goes the same way
                copy(digest, in, length - HEAD_PIECE, out);
            }
            return length;
        }
    }

    private static long copy(Digest digest, InputStream in, long length, OutputStream out) throws IOException {
        byte[] buf = new byte[BUFFER];
        long remaining = length;
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(BUFFER, remaining));
            if (n < 0) {
                throw new IOException("blob " + digest + " ended early");
            }
            out.write(buf, 0, n);
            remaining -= n;
        }
        return length;
    }
}
