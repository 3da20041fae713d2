package org.sregistry.storage;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;

/**
 * The content-addressed store of image bytes, shared by every image of equal content, and its
 * upload area. Uploads are written under {@code uploads/<session>/} of the storage folder (shared by
 * several nodes), hashed while they stream, and enter the store only once verified, so a reader never
 * sees a half-written blob. Where committed blobs live is the {@link BlobBackend} that
 * {@code registry.storage.backend} chooses: files beside the upload area, or objects in an S3 bucket.
 */
@ApplicationScoped
public class BlobStore {

    private static final System.Logger LOG = System.getLogger(BlobStore.class.getName());
    /** The buffer of small uploads, written by the request thread, and of one-pass hashing. */
    static final int BUFFER = 256 * 1024;
    /**
     * The chunk of a large upload: what the request thread reads at a time, hands to the digests and
     * the direct-I/O writer, and what that writer writes in one call. 1 MiB chunks made plain pushes
     * faster than 256 KiB ones in most of BENCHMARKS.md's Run 9 comparisons: the disk takes larger
     * direct writes faster, and each chunk wakes every thread of the pipeline once.
     */
    static final int PIPELINE_BUFFER = 1024 * 1024;
    /** Uploads from this size on are hashed on threads of their own while the bytes are written. */
    static final long PIPELINE_MIN = 8L * 1024 * 1024;
    /**
     * Chunks kept between large uploads ({@link ChunkPool}): a pipeline's buffers and a direct writer's
     * for two uploads at once, or for the parts of a multipart upload one after another.
     */
    static final int CHUNKS_KEPT = 2 * UploadPipeline.DEPTH;

    final ChunkPool chunks = new ChunkPool(PIPELINE_BUFFER, CHUNKS_KEPT);

    @Inject
    @ConfigProperty(name = "registry.storage.dir")
    String storageDir;

    @Inject
    Config config;

    /** Null outside the container. */
    @Inject
    RegistryMetrics metrics;

    /**
     * Large uploads are written with direct I/O where the file system allows it
     * ({@link DirectFileWriter}); false writes them through the page cache.
     */
    @Inject
    @ConfigProperty(name = "registry.upload.direct-io", defaultValue = "true")
    boolean directIo = true;

    /** Threads that hash large uploads beside the request thread. */
    @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
    ThreadFactory threads;

    private Path root;
    private BlobBackend backend;
    private S3Settings s3;

    /** What arrived: how many bytes, and the sha256 of exactly those bytes. */
    public record Received(long bytes, Digest digest) {}

    /** Reads a stored blob through a channel of positional reads. */
    @FunctionalInterface
    public interface ChannelReader<T> {
        T read(FileChannel channel) throws IOException;
    }

    public BlobStore() {}

    /** For tests and tools that run without a container: blobs as files under {@code root}. */
    public BlobStore(Path root) {
        this(root, new FileBlobBackend(root));
    }

    /** For tests: the upload area under {@code root}, blobs in {@code backend}. */
    public BlobStore(Path root, BlobBackend backend) {
        this.root = root;
        this.backend = backend;
        this.threads = Executors.defaultThreadFactory();
    }

    @PostConstruct
    void init() {
        root = Path.of(storageDir).toAbsolutePath();
        if (S3Settings.chosen(config)) {
            s3 = S3Settings.from(config);
            backend = new S3BlobBackend(s3);
        } else {
            backend = new FileBlobBackend(root);
        }
        try {
            if (backend instanceof FileBlobBackend) {
                Files.createDirectories(root.resolve("blobs/sha256"));
            }
            Files.createDirectories(root.resolve("uploads"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage folder " + root, e);
        }
        LOG.log(System.Logger.Level.INFO, "blobs: {0}; uploads: {1}", backend.describe(), root.resolve("uploads"));
    }

    @PreDestroy
    void close() {
        backend.close();
    }

    /** The storage folder: the upload area, and the blobs too when they are files. */
    public Path root() {
        return root;
    }

    /** Where committed blobs live. */
    public BlobBackend backend() {
        return backend;
    }

    public boolean exists(Digest digest) {
        return backend.find(digest).isPresent();
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
        MessageDigest[] digests = alsoHash == null ? new MessageDigest[] {sha} : new MessageDigest[] {sha, alsoHash};
        long written = writeHashing(in, file, offset, maxBytes, digests);
        return new Received(written, Digest.of(sha.digest()));
    }

    /**
     * As {@link #write}, without a digest of its own: the bytes are fed only to {@code alsoHash} (may
     * be null) and written; returns how many. For multipart parts whose hash nobody declared: the
     * whole file's digest verifies them, so hashing each part on its own as well would only cost.
     */
    public long writeUnhashed(InputStream in, Path file, long offset, long maxBytes, MessageDigest alsoHash) {
        return writeHashing(in, file, offset, maxBytes,
                alsoHash == null ? new MessageDigest[0] : new MessageDigest[] {alsoHash});
    }

    /**
     * Streams {@code in} into {@code file} at {@code offset}, feeding every byte to each of
     * {@code digests}, and refuses to write more than {@code maxBytes}; returns the bytes written.
     */
    private long writeHashing(InputStream in, Path file, long offset, long maxBytes, MessageDigest... digests) {
        try {
            Files.createDirectories(file.getParent());
            boolean large = maxBytes >= PIPELINE_MIN && threads != null;
            if (large) {
                Optional<DirectFileWriter> direct = directIo ? DirectFileWriter.open(file, offset, chunks) : Optional.empty();
                if (direct.isPresent()) {
                    try (DirectFileWriter writer = direct.get()) {
                        return timed(() -> writePipelined(in, null, maxBytes, writer, digests), writer::force);
                    }
                }
            }
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                out.position(offset);
                // a pipeline needs a consumer: with no digest (and no direct writer) it is all inline
                return timed(large && digests.length > 0
                        ? () -> writePipelined(in, out, maxBytes, null, digests)
                        : () -> writeInline(in, out, maxBytes, digests), () -> out.force(false));
            }
        } catch (IOException e) {
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE,
                    "storage error while writing an upload: " + e.getMessage());
        }
    }

    private interface IoStep {
        long run() throws IOException;
    }

    private interface IoAction {
        void run() throws IOException;
    }

    /** Receives, then flushes; both timed for the upload metrics. */
    private long timed(IoStep receive, IoAction flush) throws IOException {
        long start = System.nanoTime();
        long written = receive.run();
        long received = System.nanoTime();
        flush.run();
        if (metrics != null) {
            metrics.uploadWritten(Duration.ofNanos(received - start), Duration.ofNanos(System.nanoTime() - received));
        }
        return written;
    }

    /** Small uploads: reading, hashing and writing on the request thread. */
    private static long writeInline(InputStream in, FileChannel out, long maxBytes, MessageDigest... digests)
            throws IOException {
        long written = 0;
        byte[] buf = new byte[BUFFER];
        int n;
        while ((n = readFromClient(in, buf, written)) > 0) {
            requireWithin(maxBytes, written + n);
            for (MessageDigest digest : digests) {
                digest.update(buf, 0, n);
            }
            writeFully(out, buf, n);
            written += n;
        }
        return written;
    }

    /**
     * Large uploads: the request thread reads the socket while each digest is fed on a thread of its
     * own ({@link UploadPipeline}), so hashing overlaps the socket and the disk. With a direct-I/O
     * {@code writer} the file is written on a thread of its own too; otherwise the request thread
     * writes {@code out} itself.
     */
    private long writePipelined(InputStream in, FileChannel out, long maxBytes, DirectFileWriter writer,
            MessageDigest... digests) throws IOException {
        List<UploadPipeline.Consumer> consumers = new ArrayList<>();
        for (MessageDigest digest : digests) {
            consumers.add((buf, length) -> digest.update(buf, 0, length));
        }
        if (writer != null) {
            consumers.add(writer::write);
        }
        long written = 0;
        try (UploadPipeline pipeline = new UploadPipeline(threads, chunks, consumers)) {
            while (true) {
                byte[] buf = pipeline.buffer();
                int n = readFromClient(in, buf, written);
                if (n <= 0) {
                    break;
                }
                requireWithin(maxBytes, written + n);
                // the consumers and the file only read the buffer: all at once
                pipeline.hand(buf, n);
                if (writer == null) {
                    writeFully(out, buf, n);
                }
                written += n;
            }
            pipeline.finish();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryException.Reason.UNAVAILABLE, "interrupted while receiving an upload");
        }
        return written;
    }

    private static void requireWithin(long maxBytes, long received) {
        if (received > maxBytes) {
            throw RegistryException.invalid("received more than the " + maxBytes + " bytes declared");
        }
    }

    private static void writeFully(FileChannel out, byte[] buf, int n) throws IOException {
        ByteBuffer bb = ByteBuffer.wrap(buf, 0, n);
        while (bb.hasRemaining()) {
            out.write(bb);
        }
    }

    /**
     * Fills {@code buf} from the client, or up to the end of the body; 0 at its end. A read that fails
     * is the client's connection breaking, not a storage fault.
     */
    private static int readFromClient(InputStream in, byte[] buf, long sofar) {
        try {
            return in.readNBytes(buf, 0, buf.length);
        } catch (IOException e) {
            throw RegistryException.invalid("upload interrupted after " + sofar + " bytes: " + e.getMessage());
        }
    }

    /**
     * Makes a verified file of the upload area the blob of {@code digest}; the file is gone
     * afterwards. Stored bytes are never replaced: when the blob exists, the new copy is dropped.
     */
    public void commit(Path verified, Digest digest) {
        backend.commit(verified, digest);
    }

    /** One pass over a file: its sha256 and length. */
    public Received hash(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return hash(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** One pass over a stored blob: the sha256 and length of the bytes stored under {@code digest}. */
    public Received hash(Digest digest) {
        try (InputStream in = backend.open(digest, 0, size(digest))) {
            return hash(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest, e);
        }
    }

    private static Received hash(InputStream in) throws IOException {
        MessageDigest sha = sha256();
        byte[] buf = new byte[BUFFER];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            sha.update(buf, 0, n);
            total += n;
        }
        return new Received(total, Digest.of(sha.digest()));
    }

    /** The length of the blob; throws UNAVAILABLE when it is missing. */
    public long size(Digest digest) {
        return backend.find(digest).orElseThrow(() -> FileBlobBackend.missing(digest)).size();
    }

    /** The bytes {@code first .. first+length-1} of the blob; throws UNAVAILABLE when it is missing. */
    public InputStream open(Digest digest, long first, long length) throws IOException {
        return backend.open(digest, first, length);
    }

    /**
     * A channel of the blob's file, which a download maps and hands to the connection without
     * copying the bytes through the heap; empty when the backend keeps objects (S3), whose bytes
     * are read as a stream ({@link #open}). Throws UNAVAILABLE when the blob is missing.
     */
    public Optional<FileChannel> fileChannel(Digest digest) throws IOException {
        return backend instanceof FileBlobBackend ? Optional.of(backend.channel(digest)) : Optional.empty();
    }

    /** Runs {@code reader} on a channel of the blob (SIF parsing and signature checks). */
    public <T> T read(Digest digest, ChannelReader<T> reader) {
        try (FileChannel channel = backend.channel(digest)) {
            return reader.read(channel);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read blob " + digest, e);
        }
    }

    /**
     * Where a pull is sent instead of to the registry: a presigned URL of the object when the S3
     * backend is set to redirect pulls ({@code registry.s3.pulls=redirect}), else empty.
     */
    public Optional<URI> pullUrl(Digest digest) {
        return s3 != null && s3.redirectPulls() ? backend.presignedGet(digest, s3.urlTtl()) : Optional.empty();
    }

    public void delete(Digest digest) {
        backend.delete(digest);
    }

    /** Every digest the backend stores, in digest order. */
    public List<Digest> storedDigests() {
        return backend.list().stream().map(BlobBackend.Stored::digest).toList();
    }

    /** When the blob was written, or empty when it is not stored. */
    public Optional<Instant> modified(Digest digest) {
        return backend.find(digest).map(BlobBackend.Stored::modified);
    }

    /** Takes a blob out of sight until its deletion commits or rolls back (null if it was not there). */
    public BlobBackend.Trash moveToTrash(Digest digest) {
        return backend.moveToTrash(digest);
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
