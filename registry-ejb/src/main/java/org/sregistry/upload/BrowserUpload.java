package org.sregistry.upload;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.sregistry.registry.Digest;
import org.sregistry.registry.Ids;
import org.sregistry.registry.RegistryException;
import org.sregistry.storage.BlobStore;

/**
 * An upload from the console, whose digest nobody knows until the registry has hashed the last
 * byte. Everything about it lives in the shared upload area, next to its bytes
 * ({@code uploads/browser-<id>/}: {@code upload.properties}, {@code data}, and one file per
 * verified chunk holding its sha256), so any node behind a load balancer can take the next chunk,
 * answer which chunks arrived, or complete it. It becomes an image only on completion.
 */
public final class BrowserUpload {

    static final String PREFIX = "browser-";
    private static final Pattern ID = Pattern.compile(PREFIX + "[0-9a-f]{" + Ids.LENGTH + "}");

    private final String id;
    private final String accountId;
    private final String collectionId;
    private final String collectionPath;
    private final String container;
    private final String tag;
    private final String arch;
    private final String fileName;
    private final long size;
    private final long chunkSize;
    private final Instant expiresAt;

    BrowserUpload(String accountId, String collectionId, String collectionPath, String container, String tag,
            String arch, String fileName, long size, long chunkSize, Instant expiresAt) {
        this(PREFIX + Ids.next(), accountId, collectionId, collectionPath, container, tag, arch, fileName, size,
                chunkSize, expiresAt);
    }

    private BrowserUpload(String id, String accountId, String collectionId, String collectionPath, String container,
            String tag, String arch, String fileName, long size, long chunkSize, Instant expiresAt) {
        if (size <= 0) {
            throw RegistryException.invalid("the file is empty: size must be at least 1 byte");
        }
        this.id = id;
        this.accountId = accountId;
        this.collectionId = collectionId;
        this.collectionPath = collectionPath;
        this.container = container;
        this.tag = tag;
        this.arch = arch;
        this.fileName = fileName == null ? "" : fileName;
        this.size = size;
        this.chunkSize = chunkSize;
        this.expiresAt = expiresAt;
    }

    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public int totalChunks() {
        return (int) ((size + chunkSize - 1) / chunkSize);
    }

    /** The exact length chunk {@code number} (from 1) must have: the chunk size, or the remainder for the last. */
    public long lengthOf(int number) {
        requireChunk(number);
        return number < totalChunks() ? chunkSize : size - chunkSize * (totalChunks() - 1);
    }

    public long offsetOf(int number) {
        requireChunk(number);
        return chunkSize * (number - 1);
    }

    private void requireChunk(int number) {
        if (number < 1 || number > totalChunks()) {
            throw RegistryException.invalid("chunk number " + number + " is outside 1.." + totalChunks());
        }
    }

    /** Refuses (as not found, like any upload of someone else) an upload the caller did not start. */
    void requireOwner(String callerAccountId) {
        if (!accountId.equals(callerAccountId)) {
            throw RegistryException.notFound("upload " + id + " not found");
        }
    }

    void requireCurrent(Instant now) {
        if (now.isAfter(expiresAt)) {
            throw RegistryException.conflict("upload " + id + " has expired; start it again");
        }
    }

    // ---- storage in the upload area ----

    static Path dir(BlobStore store, String id) {
        return store.uploadFile(id).getParent();
    }

    Path data(BlobStore store) {
        return store.uploadFile(id);
    }

    void save(BlobStore store) {
        Properties p = new Properties();
        p.setProperty("account", accountId);
        p.setProperty("collection", collectionId);
        p.setProperty("collectionPath", collectionPath);
        p.setProperty("container", container);
        p.setProperty("tag", tag);
        p.setProperty("arch", arch);
        p.setProperty("fileName", fileName);
        p.setProperty("size", Long.toString(size));
        p.setProperty("chunkSize", Long.toString(chunkSize));
        p.setProperty("expiresAt", expiresAt.toString());
        Path dir = dir(store, id);
        try {
            Files.createDirectories(dir.resolve("chunks"));
            Path tmp = dir.resolve("upload.properties.tmp");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                p.store(w, "browser upload");
            }
            move(tmp, dir.resolve("upload.properties"));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "storage error: " + e.getMessage());
        }
    }

    static BrowserUpload load(BlobStore store, String id) {
        if (!isId(id)) {
            throw RegistryException.notFound("upload " + id + " not found");
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(dir(store, id).resolve("upload.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw RegistryException.notFound("upload " + id + " not found (it was completed, cancelled or has expired)");
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "storage error: " + e.getMessage());
        }
        return new BrowserUpload(id, p.getProperty("account"), p.getProperty("collection"),
                p.getProperty("collectionPath"), p.getProperty("container"), p.getProperty("tag"), p.getProperty("arch"),
                p.getProperty("fileName"), Long.parseLong(p.getProperty("size")), Long.parseLong(p.getProperty("chunkSize")),
                Instant.parse(p.getProperty("expiresAt")));
    }

    /** Records that chunk {@code number} arrived intact with {@code digest}. */
    void chunkReceived(BlobStore store, int number, Digest digest) {
        Path chunks = dir(store, id).resolve("chunks");
        try {
            Path tmp = chunks.resolve(number + ".tmp");
            Files.writeString(tmp, digest.hex(), StandardCharsets.US_ASCII);
            move(tmp, chunks.resolve(Integer.toString(number)));
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "storage error: " + e.getMessage());
        }
    }

    /** Forgets chunk {@code number} (it is being sent again, so its old bytes no longer count). */
    void chunkPending(BlobStore store, int number) {
        try {
            Files.deleteIfExists(dir(store, id).resolve("chunks").resolve(Integer.toString(number)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The chunks that arrived intact, by number. */
    SortedSet<Integer> receivedChunks(BlobStore store) {
        SortedSet<Integer> received = new TreeSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir(store, id).resolve("chunks"))) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.matches("[0-9]{1,9}")) {
                    int n = Integer.parseInt(name);
                    if (n >= 1 && n <= totalChunks()) {
                        received.add(n);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            return received;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return received;
    }

    long receivedBytes(BlobStore store) {
        return receivedChunks(store).stream().mapToLong(this::lengthOf).sum();
    }

    /** Browser uploads in the upload area whose time ran out (at most {@code max}). */
    static List<String> expired(BlobStore store, Instant now, int max) {
        List<String> expired = new ArrayList<>();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(store.root().resolve("uploads"), PREFIX + "*")) {
            for (Path d : dirs) {
                if (expired.size() >= max) {
                    break;
                }
                String id = d.getFileName().toString();
                if (!isId(id)) {
                    continue;
                }
                try {
                    if (now.isAfter(load(store, id).expiresAt)) {
                        expired.add(id);
                    }
                } catch (RegistryException unreadable) {
                    // a folder without its description (being created or removed): leave it alone
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return expired;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    public String getId() {
        return id;
    }

    public String getCollectionId() {
        return collectionId;
    }

    public String getCollectionPath() {
        return collectionPath;
    }

    public String getContainer() {
        return container;
    }

    public String getTag() {
        return tag;
    }

    public String getArch() {
        return arch;
    }

    public String getFileName() {
        return fileName;
    }

    public long getSize() {
        return size;
    }

    public long getChunkSize() {
        return chunkSize;
    }

    public Instant getExpiresAt() {
        return expiresAt;
    }
}
