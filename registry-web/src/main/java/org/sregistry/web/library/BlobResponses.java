package org.sregistry.web.library;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobStore;
import org.sregistry.storage.ByteRange;

/**
 * Sends a blob's bytes, whole (200) or one range (206 with Content-Range; 416 beyond the end),
 * streamed from the blob store (a file, or a ranged GET of the object) with a fixed buffer whatever
 * the size.
 */
@ApplicationScoped
public class BlobResponses {

    private static final int BUFFER = 64 * 1024;

    @Inject
    BlobStore store;

    @Inject
    RegistryMetrics metrics;

    public Response serve(Digest digest, String rangeHeader) {
        long total = store.size(digest);
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, total);
        long first = range.map(ByteRange::first).orElse(0L);
        long length = range.map(ByteRange::length).orElse(total);
        StreamingOutput body = out -> metrics.sent(copy(digest, first, length, out));
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

    private long copy(Digest digest, long first, long length, OutputStream out) throws IOException {
        try (InputStream in = store.open(digest, first, length)) {
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
}
