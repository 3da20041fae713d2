package org.sregistry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sregistry.registry.Digest;

/**
 * Where committed blobs live, chosen by {@code registry.storage.backend}: files under
 * {@code blobs/sha256/xx/} of the storage folder ({@link FileBlobBackend}) or objects in an
 * S3-compatible bucket ({@link S3BlobBackend}). Only verified bytes enter a backend, each under the
 * sha256 of its content, and stored bytes are never replaced.
 */
public interface BlobBackend extends AutoCloseable {

    /** One stored blob: its digest, length and when it was written. */
    record Stored(Digest digest, long size, Instant modified) {}

    /** A blob taken out of sight while a transaction decides whether it goes for good. */
    interface Trash {
        /** The transaction committed: the bytes go for good. */
        void empty();

        /** The transaction rolled back: the blob is back under its digest. */
        void restore();
    }

    /** Size and age of the blob of {@code digest}, or empty when it is not stored. */
    Optional<Stored> find(Digest digest);

    /**
     * The bytes {@code first .. first+length-1} of the blob; throws UNAVAILABLE when the blob is
     * missing.
     */
    InputStream open(Digest digest, long first, long length) throws IOException;

    /**
     * A read-only channel for positional reads of the blob (SIF parsing, signature checks); throws
     * UNAVAILABLE when the blob is missing.
     */
    FileChannel channel(Digest digest) throws IOException;

    /**
     * Makes the verified local file {@code verified} the blob of {@code digest} and removes the
     * file. When the blob exists already, the file is dropped and the stored bytes stay.
     */
    void commit(Path verified, Digest digest);

    void delete(Digest digest);

    /** Takes the blob out of sight, or returns null when it is not there. */
    Trash moveToTrash(Digest digest);

    /** Every stored blob, in digest order; whatever is not named like a blob is left out. */
    List<Stored> list();

    /** A URL that serves the blob without the registry for {@code ttl}, when this backend can make one. */
    default Optional<URI> presignedGet(Digest digest, Duration ttl) {
        return Optional.empty();
    }

    /** Throws, with a message for the operator, when the backend cannot be reached. */
    void check();

    /** What this backend is, for logs and health checks ("file /srv/storage", "s3 bucket b at ..."). */
    String describe();

    /** Releases connections; a no-op for files. */
    @Override
    default void close() {}
}
