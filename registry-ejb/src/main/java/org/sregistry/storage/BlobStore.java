package org.sregistry.storage;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;

/**
 * The content-addressed store of image bytes: one file per sha256 under {@code blobs/sha256/xx/},
 * shared by every image of equal content. Uploads are written under {@code uploads/<session>/} in
 * the same file system (so several nodes on shared storage see them), hashed while they stream, and
 * enter the store only by an atomic rename once verified: a reader never sees a half-written blob.
 */
@ApplicationScoped
public class BlobStore {

    static final int BUFFER = 256 * 1024;
    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{64}");

    @Inject
    @ConfigProperty(name = "registry.storage.dir")
    String storageDir;

    private Path root;

    /** What arrived: how many bytes, and the sha256 of exactly those bytes. */
    public record Received(long bytes, Digest digest) {}

    public BlobStore() {}

    /** For tests and tools that run without a container. */
    public BlobStore(Path root) {
        this.root = root;
    }

    @PostConstruct
    void init() {
        root = Path.of(storageDir).toAbsolutePath();
        try {
            Files.createDirectories(root.resolve("blobs/sha256"));
            Files.createDirectories(root.resolve("uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage folder " + root, e);
        }
    }

    public Path root() {
        return root;
    }

    public Path blob(Digest digest) {
        return root.resolve("blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    public boolean exists(Digest digest) {
        return Files.isRegularFile(blob(digest));
    }

    public Path uploadFile(String sessionId) {
        return root.resolve("uploads").resolve(sessionId).resolve("data");
    }

    /**
     * Streams {@code in} into {@code file} at {@code offset}, hashing on the fly, and refuses to write
     * more than {@code maxBytes}. {@code alsoHash} (may be null) is fed the same bytes, for hashes that
     * span several writes.
     */
    public Received write(InputStream in, Path file, long offset, long maxBytes, MessageDigest alsoHash) {
        MessageDigest sha = sha256();
        long written = 0;
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                out.position(offset);
                byte[] buf = new byte[BUFFER];
                int n;
                while ((n = readFromClient(in, buf, written)) > 0) {
                    if (written + n > maxBytes) {
                        throw RegistryException.invalid("received more than the " + maxBytes + " bytes declared");
                    }
                    sha.update(buf, 0, n);
                    if (alsoHash != null) {
                        alsoHash.update(buf, 0, n);
                    }
                    ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
                    while (bb.hasRemaining()) {
                        out.write(bb);
                    }
                    written += n;
                }
                out.force(false);
            }
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE,
                    "storage error while writing an upload: " + e.getMessage());
        }
        return new Received(written, Digest.of(sha.digest()));
    }

    /** A read that fails is the client's connection breaking, not a storage fault. */
    private static int readFromClient(InputStream in, byte[] buf, long sofar) {
        try {
            return in.read(buf);
        } catch (IOException e) {
            throw RegistryException.invalid("upload interrupted after " + sofar + " bytes: " + e.getMessage());
        }
    }

    /**
     * Makes a verified file the blob of {@code digest} by atomic rename. Stored bytes are never
     * replaced: when the blob exists, the new copy is dropped.
     */
    public void commit(Path verified, Digest digest) {
        Path target = blob(digest);
        try {
            if (Files.exists(target)) {
                Files.deleteIfExists(verified);
                return;
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(verified, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IllegalStateException("storage must support atomic rename: " + root, e);
            }
        } catch (java.nio.file.FileAlreadyExistsException raced) {
            // an equal upload got there first: keep its file
            try {
                Files.deleteIfExists(verified);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + digest, e);
        }
    }

    /** One pass over a file: its sha256 and length. */
    public Received hash(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest sha = sha256();
            byte[] buf = new byte[BUFFER];
            long total = 0;
            int n;
            while ((n = in.read(buf)) > 0) {
                sha.update(buf, 0, n);
                total += n;
            }
            return new Received(total, Digest.of(sha.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    public long size(Digest digest) {
        try {
            return Files.size(blob(digest));
        } catch (NoSuchFileException e) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "the bytes of " + digest + " are missing");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(Digest digest) {
        try {
            Files.deleteIfExists(blob(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest, e);
        }
    }

    /**
     * Every digest that has a file under {@code blobs/sha256/xx/}; files whose names are not a
     * digest in the right folder (a stray copy, an editor's backup) are not blobs and are left alone.
     */
    public List<Digest> storedDigests() {
        Path blobs = root.resolve("blobs/sha256");
        try (Stream<Path> files = Files.walk(blobs, 2)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> BLOB_NAME.matcher(f.getFileName().toString()).matches())
                    .filter(f -> f.getParent().getFileName().toString().equals(f.getFileName().toString().substring(0, 2)))
                    .map(f -> new Digest(f.getFileName().toString())).sorted(Comparator.comparing(Digest::hex)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + blobs, e);
        }
    }

    /** When the blob's file was last written, or empty when there is no file. */
    public Optional<Instant> modified(Digest digest) {
        try {
            return Optional.of(Files.getLastModifiedTime(blob(digest)).toInstant());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves a blob out of sight (returns null if it was not there). */
    public Path moveToTrash(Digest digest) {
        Path trash = root.resolve("uploads").resolve("trash-" + digest.hex() + "-" + System.nanoTime());
        try {
            Files.move(blob(digest), trash, StandardCopyOption.ATOMIC_MOVE);
            return trash;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest, e);
        }
    }

    public void emptyTrash(Path trash) {
        try {
            if (trash != null) {
                Files.deleteIfExists(trash);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void restoreFromTrash(Path trash, Digest digest) {
        if (trash != null && !exists(digest)) {
            commit(trash, digest);
        }
    }

    /** Removes an upload's folder and everything in it; missing is fine. */
    public void deleteUpload(String sessionId) {
        Path dir = root.resolve("uploads").resolve(sessionId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete upload " + sessionId, e);
        }
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
