package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;
import org.sregistry.storage.BlobStore;
import org.sregistry.storage.ByteRange;

/**
 * Sends a blob's bytes, whole (200) or one range (206 with Content-Range; 416 beyond the end),
 * streamed from the file with a fixed buffer whatever the size.
 */
@ApplicationScoped
public class BlobResponses {

    private static final int BUFFER = 256 * 1024;

    @Inject
    BlobStore store;

    @Inject
    RegistryMetrics metrics;

    public Response serve(Digest digest, String rangeHeader) {
        Path file = store.blob(digest);
        long total = store.size(digest);
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, total);
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(total);
        StreamingOutput body = out -> metrics.sent(copy(file, first, length, out));
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

    private static long copy(Path file, long first, long length, OutputStream out) throws IOException {
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.allocate(BUFFER);
            long position = first;
            long remaining = length;
            while (remaining > 0) {
                buf.clear().limit((int) Math.min(BUFFER, remaining));
                int n = in.read(buf, position);
                if (n < 0) {
                    throw new IOException("blob " + file.getFileName() + " ended early");
                }
                out.write(buf.array(), 0, n);
                position += n;
                remaining -= n;
            }
            return length;
        } catch (NoSuchFileException e) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "the bytes of this image are missing");
        }
    }
}
