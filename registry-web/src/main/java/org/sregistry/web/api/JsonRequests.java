package org.sregistry.web.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * JSON request bodies as the library client sends them: without a Content-Type (so we assume JSON
 * on every request that is not a byte transfer or a form), and never larger than
 * {@code registry.api.max-json-bytes} (413 otherwise, before the body is buffered).
 */
@Provider
@PreMatching
public class JsonRequests implements ContainerRequestFilter, ReaderInterceptor {

    @Inject
    @ConfigProperty(name = "registry.api.max-json-bytes", defaultValue = "1048576")
    long maxBytes;

    @Override
    public void filter(ContainerRequestContext request) {
        String type = request.getHeaderString(HttpHeaders.CONTENT_TYPE);
        // curl -d labels JSON as a form: on the JSON APIs, a form type is taken as JSON too
        boolean untyped = type == null || type.startsWith(MediaType.APPLICATION_FORM_URLENCODED);
        if (request.hasEntity() && untyped && !isTransfer(request) && !isForm(request)) {
            request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        }
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (MediaType.APPLICATION_JSON_TYPE.isCompatible(context.getMediaType())) {
            String length = context.getHeaders().getFirst(HttpHeaders.CONTENT_LENGTH);
            if (length != null && parse(length) > maxBytes) {
                throw tooLarge();
            }
            context.setInputStream(new Limited(context.getInputStream(), maxBytes));
        }
        return context.proceed();
    }

    private static boolean isTransfer(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        return path.startsWith("v2/uploads/") || path.startsWith("v1/imagefile/") || path.startsWith("v1/blobs/");
    }

    /** The HKP keystore takes real forms ({@code /pks/add}). */
    private static boolean isForm(ContainerRequestContext request) {
        return request.getUriInfo().getPath().startsWith("pks/");
    }

    private static long parse(String length) {
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static WebApplicationException tooLarge() {
        return new WebApplicationException("JSON body too large", Response.Status.REQUEST_ENTITY_TOO_LARGE);
    }

    /** Counts what is read and stops at the limit. */
    static final class Limited extends FilterInputStream {
        private final long max;
        private long count;

        Limited(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && ++count > max) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > max) {
                throw tooLarge();
            }
            return n;
        }
    }
}
