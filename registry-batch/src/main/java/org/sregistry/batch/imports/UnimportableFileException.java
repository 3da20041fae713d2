package org.sregistry.batch.imports;

/** A file of the import directory that cannot become an image; the job skips it and reports why. */
public class UnimportableFileException extends Exception {

    private final String file;

    public UnimportableFileException(String file, String reason) {
        super(file + ": " + reason);
        this.file = file;
    }

    public String file() {
        return file;
    }
}
