package org.sregistry.upload;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SortedSet;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.sregistry.account.Caller;
import org.sregistry.registry.Digest;
import org.sregistry.registry.Races;
import org.sregistry.registry.RegistryException;
import org.sregistry.sif.SifFile;
import org.sregistry.storage.BlobStore;

/**
 * Uploads from the browser, in chunks of {@code registry.upload.part-size}: each chunk is streamed
 * to its offset in the shared upload area and hashed on the way (its own sha256, checked against
 * the one the page sent, and the running whole-file sha256 while chunks come in order), outside any
 * transaction. The page asks which chunks arrived and sends only the others, so an upload resumes
 * after a dropped connection. Completion checks the size, the whole file's sha256 and that it is a
 * SIF file, commits it to the blob store and only then makes it an image.
 */
@ApplicationScoped
public class BrowserUploadReceiver {

    @Inject
    BrowserUploadService service;

    @Inject
    BlobStore store;

    @Inject
    RunningHashes hashes;

    @Inject
    @ConfigProperty(name = "registry.upload.part-size")
    long chunkSize;

    @Inject
    @ConfigProperty(name = "registry.upload.expiry")
    Duration expiry;

    /** Where an upload stands: which chunks (by number, from 1) arrived, and how many bytes that is. */
    public record Status(BrowserUpload upload, List<Integer> received, long receivedBytes) {

        public List<Integer> missing() {
            return IntStream.rangeClosed(1, upload.totalChunks()).filter(n -> !received.contains(n)).boxed().toList();
        }
    }

    /** An upload that became an image: its digest and where it is. */
    public record Done(String containerPath, String tag, String arch, Digest digest, long size,
            UploadService.Completed quota) {}

    public Status start(Caller caller, String collectionId, String container, String tag, String arch, long size,
            String fileName) {
        String path = service.requireUploadable(caller, collectionId, container, tag, arch, size);
        var upload = new BrowserUpload(caller.accountId(), collectionId, path, container, tag, arch,
                fileName == null ? "" : fileName.substring(0, Math.min(fileName.length(), 255)), size, chunkSize,
                Instant.now().plus(expiry));
        upload.save(store);
        return status(upload);
    }

    public Status status(Caller caller, String uploadId) {
        return status(own(caller, uploadId));
    }

    /**
     * Receives chunk {@code number}; sending a chunk again replaces it. A chunk of the wrong length,
     * or whose bytes do not match {@code declaredSha256} (when sent), is refused and not counted.
     */
    public Status receiveChunk(Caller caller, String uploadId, int number, InputStream body, String declaredSha256) {
        BrowserUpload upload = own(caller, uploadId);
        upload.requireCurrent(Instant.now());
        long length = upload.lengthOf(number);
        String expected = declaredSha256 == null || declaredSha256.isBlank() ? null : requireHex(declaredSha256);
        upload.chunkPending(store, number);
        MessageDigest running = hashes.claim(uploadId, number);
        boolean ok = false;
        try {
            BlobStore.Received received = store.write(body, upload.data(store), upload.offsetOf(number), length, running);
            if (received.bytes() != length) {
                throw RegistryException.invalid("chunk " + number + " must be " + length + " bytes, received "
                        + received.bytes());
            }
            if (expected != null && !expected.equals(received.digest().hex())) {
                throw RegistryException.invalid("chunk " + number + " arrived damaged: its sha256 is "
                        + received.digest().hex() + ", the page sent " + expected + "; send it again");
            }
            upload.chunkReceived(store, number, received.digest());
            ok = true;
        } finally {
            if (running != null) {
                if (ok) {
                    hashes.advanced(uploadId, number);
                } else {
                    hashes.broken(uploadId);
                }
            }
        }
        return status(upload);
    }

    /**
     * Completes an upload: every chunk arrived, the file has {@code declaredSize} bytes (when the
     * page sends it), and is a SIF file; then it enters the blob store under the sha256 computed
     * here and becomes a tagged image. Bytes that cannot become an image are discarded.
     */
    public Done complete(Caller caller, String uploadId, Long declaredSize) {
        BrowserUpload upload = own(caller, uploadId);
        upload.requireCurrent(Instant.now());
        if (declaredSize != null && declaredSize != upload.getSize()) {
            throw RegistryException.invalid("the file has " + declaredSize + " bytes but the upload was started for "
                    + upload.getSize() + " bytes; start a new upload");
        }
        Status status = status(upload);
        if (!status.missing().isEmpty()) {
            throw RegistryException.invalid(status.missing().size() + " of " + upload.totalChunks()
                    + " chunks have not arrived yet (first missing: " + status.missing().get(0) + ")");
        }
        Path file = upload.data(store);
        try {
            if (Files.size(file) != upload.getSize()) {
                throw RegistryException.invalid("the assembled upload has " + Files.size(file) + " bytes, not "
                        + upload.getSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Digest digest = hashes.finish(uploadId, upload.totalChunks()).orElseGet(() -> store.hash(file).digest());
        try {
            SifFile.read(file);
        } catch (RegistryException notSif) {
            store.deleteUpload(uploadId);
            throw RegistryException.invalid("not an image: " + notSif.getMessage());
        }
        store.commit(file, digest);
        // one transaction, tried again should a concurrent push of the same bytes win (see Races)
        UploadService.Completed completed = Races.retrying(() -> service.publish(caller, upload, digest));
        store.deleteUpload(uploadId);
        return new Done(completed.containerPath(), upload.getTag(), upload.getArch(), digest, upload.getSize(), completed);
    }

    public void cancel(Caller caller, String uploadId) {
        own(caller, uploadId);
        hashes.broken(uploadId);
        store.deleteUpload(uploadId);
    }

    private BrowserUpload own(Caller caller, String uploadId) {
        if (caller.isAnonymous()) {
            throw new RegistryException(RegistryException.Reason.UNAUTHORIZED, "log in to upload");
        }
        BrowserUpload upload = BrowserUpload.load(store, uploadId);
        upload.requireOwner(caller.accountId());
        return upload;
    }

    private Status status(BrowserUpload upload) {
        SortedSet<Integer> received = upload.receivedChunks(store);
        return new Status(upload, List.copyOf(received), received.stream().mapToLong(upload::lengthOf).sum());
    }

    private static String requireHex(String sha256) {
        try {
            return Digest.ofHex(sha256.trim().toLowerCase(java.util.Locale.ROOT)).hex();
        } catch (RuntimeException e) {
            throw RegistryException.invalid("X-Chunk-Sha256 must be 64 hex digits, not '" + sha256 + "'");
        }
    }
}
