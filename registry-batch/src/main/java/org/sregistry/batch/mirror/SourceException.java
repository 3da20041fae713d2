package org.sregistry.batch.mirror;

/** The source server refused a request, or could not be reached; the message says which and why. */
public class SourceException extends Exception {

    public SourceException(String message) {
        super(message);
    }
}
