package org.sregistry.web.api;

/** The library API's error envelope, {@code {"error":{"code":404,"message":"..."}}} (sylabs/json-resp). */
public record ErrorJson(Body error) {

    public record Body(int code, String message) {}

    public static ErrorJson of(int code, String message) {
        return new ErrorJson(new Body(code, message));
    }
}
