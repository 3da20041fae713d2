package org.sregistry.web.library;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A JSON answer as the byte arrays it is made of, written one after the other: an answer put
 * together from kept parts ({@link SearchBody}) is sent without joining them into one array first,
 * which for a broad search (323 KB) allocated twice its size per request.
 */
final class JsonBody {

    private final List<byte[]> parts;
    private final int length;

    private JsonBody(List<byte[]> parts, int length) {
        this.parts = parts;
        this.length = length;
    }

    /** One array's answer; null for null. */
    static JsonBody of(byte[] body) {
        return body == null ? null : new JsonBody(List.of(body), body.length);
    }

    /** Collects parts in order. */
    static final class Builder {
        private final List<byte[]> parts = new ArrayList<>();
        private int length;

        Builder add(byte[] part) {
            parts.add(part);
            length += part.length;
            return this;
        }

        JsonBody build() {
            return new JsonBody(parts, length);
        }
    }

    int length() {
        return length;
    }

    void writeTo(OutputStream out) throws IOException {
        for (byte[] part : parts) {
            out.write(part);
        }
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(length);
        parts.forEach(out::writeBytes);
        return out.toByteArray();
    }
}
