package org.sregistry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;

/**
 * Blobs as files under {@code blobs/sha256/xx/} of the storage folder (a local disk, or a shared
 * file system for several nodes). A verified upload enters by an atomic rename within the same
 * file system, so a reader never sees a half-written blob.
 */
public class FileBlobBackend implements BlobBackend {

    private static final Pattern BLOB_NAME = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    public FileBlobBackend(Path root) {
        this.root = root;
    }

    /** The file of {@code digest}, whether or not it exists. */
    public Path path(Digest digest) {
        return root.resolve("blobs/sha256").resolve(digest.hex().substring(0, 2)).resolve(digest.hex());
    }

    @Override
    public Optional<Stored> find(Digest digest) {
        try {
            BasicFileAttributes a = Files.readAttributes(path(digest), BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(new Stored(digest, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public InputStream open(Digest digest, long first, long length) throws IOException {
        FileChannel channel = channel(digest);
        channel.position(first);
        return new BoundedInputStream(Channels.newInputStream(channel), length);
    }

    @Override
    public FileChannel channel(Digest digest) throws IOException {
        try {
            return FileChannel.open(path(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw missing(digest);
        }
    }

    @Override
    public void commit(Path verified, Digest digest) {
        Path target = path(digest);
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
        } catch (FileAlreadyExistsException raced) {
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

    @Override
    public void delete(Digest digest) {
        try {
            Files.deleteIfExists(path(digest));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest, e);
        }
    }

    /** Moves the file into the upload area, from where it is deleted or moved back. */
    @Override
    public Trash moveToTrash(Digest digest) {
        Path trash = root.resolve("uploads").resolve("trash-" + digest.hex() + "-" + System.nanoTime());
        try {
            Files.move(path(digest), trash, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete blob " + digest, e);
        }
        return new Trash() {
            @Override
            public void empty() {
                try {
                    Files.deleteIfExists(trash);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void restore() {
                commit(trash, digest);
            }
        };
    }

    /**
     * Files under {@code blobs/sha256/xx/}; files whose names are not a digest in the right folder
     * (a stray copy, an editor's backup) are not blobs and are left alone.
     */
    @Override
    public List<Stored> list() {
        Path blobs = root.resolve("blobs/sha256");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(blobs, 2)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> BLOB_NAME.matcher(f.getFileName().toString()).matches())
                    .filter(f -> f.getParent().getFileName().toString().equals(f.getFileName().toString().substring(0, 2)))
                    .map(f -> find(new Digest(f.getFileName().toString()))).flatMap(Optional::stream)
                    .sorted(Comparator.comparing(s -> s.digest().hex())).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + blobs, e);
        }
    }

    @Override
    public void check() {
        // the storage folder itself is checked with the upload area (RegistryReadiness)
    }

    @Override
    public String describe() {
        return "file " + root.resolve("blobs");
    }

    static RegistryException missing(Digest digest) {
        return new RegistryException(RegistryException.Reason.UNAVAILABLE, "the bytes of " + digest + " are missing");
    }
}
