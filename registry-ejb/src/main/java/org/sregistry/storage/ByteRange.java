package org.sregistry.storage;

import java.util.Optional;
import org.sregistry.registry.RegistryException;

/**
 * One byte range of an HTTP {@code Range} header, resolved against a file length: {@code first} and
 * {@code last} are inclusive. Multi-range requests are answered with the whole file (RFC 9110
 * allows ignoring Range), which no library client sends.
 */
public record ByteRange(long first, long last, long total) {

    public long length() {
        return last - first + 1;
    }

    public String contentRange() {
        return "bytes " + first + "-" + last + "/" + total;
    }

    /**
     * Parses {@code header} for a file of {@code total} bytes. Empty when there is no usable range
     * (absent, malformed, or several): the whole file is sent. Throws a RANGE error when the range
     * starts beyond the end (416).
     */
    public static Optional<ByteRange> parse(String header, long total) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return Optional.empty();
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return Optional.empty();
        }
        try {
            String a = spec.substring(0, dash).trim();
            String b = spec.substring(dash + 1).trim();
            if (a.isEmpty()) {
                if (b.isEmpty()) {
                    return Optional.empty();
                }
                long suffix = Long.parseLong(b);
                if (suffix <= 0 || total == 0) {
                    throw unsatisfiable(header, total);
                }
                return Optional.of(new ByteRange(Math.max(0, total - suffix), total - 1, total));
            }
            long first = Long.parseLong(a);
            long last = b.isEmpty() ? total - 1 : Long.parseLong(b);
            if (first >= total) {
                throw unsatisfiable(header, total);
            }
            if (last < first) {
                return Optional.empty();
            }
            return Optional.of(new ByteRange(first, Math.min(last, total - 1), total));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static RegistryException unsatisfiable(String header, long total) {
        return new Unsatisfiable(header, total);
    }

    /** A range that starts beyond the end: 416, with the length the client may ask within. */
    public static final class Unsatisfiable extends RegistryException {
        private final long total;

        Unsatisfiable(String header, long total) {
            super(Reason.RANGE, "range '" + header + "' is not satisfiable: the image has " + total + " bytes");
            this.total = total;
        }

        /** The Content-Range header value of a 416 answer. */
        public String contentRange() {
            return "bytes */" + total;
        }
    }
}
