package org.sregistry.web.api;

/** The library API's success envelope: the client reads {@code data} and nothing else. */
public record Envelope<T>(T data) {

    public static <T> Envelope<T> of(T data) {
        return new Envelope<>(data);
    }
}
