package org.sregistry.upload;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Map;
import org.sregistry.account.Caller;
import org.sregistry.operations.RegistryMetrics;
import org.sregistry.operations.RegistryMetrics.UploadFailure;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;
import org.sregistry.sif.SifFile;
import org.sregistry.storage.BlobStore;

/**
 * Streams upload bodies from the socket to the upload area, hashing on the fly, outside any
 * transaction; only the short metadata steps go through {@link UploadService}. Memory stays flat
 * whatever the size: one buffer per request.
 */
@ApplicationScoped
public class UploadReceiver {

    @Inject
    UploadService uploads;

    @Inject
    BlobStore store;

    @Inject
    RunningHashes hashes;

    @Inject
    RegistryMetrics metrics;

    /**
     * Receives the whole file of a single upload; returns its ETag. Bytes that do not match the
     * announced hash are refused here; bytes that are not a SIF file are dropped and the upload
     * marked refused, so that its completion answers why. Neither enters the blob store.
     */
    public String receiveSingle(String sessionId, InputStream body, String declaredSha256) {
        UploadService.Target target = uploads.target(sessionId);
        Path file = store.uploadFile(sessionId);
        try {
            Files.deleteIfExists(file);
            BlobStore.Received received = store.write(body, file, 0, target.expectedSize(), null);
            metrics.received(received.bytes());
            if (received.bytes() != target.expectedSize()) {
                metrics.uploadFailed(UploadFailure.TRUNCATED);
                throw RegistryException.invalid("upload truncated: received " + received.bytes() + " of "
                        + target.expectedSize() + " bytes declared");
            }
            requireHeaderMatches(declaredSha256, received.digest());
            if (!received.digest().equals(target.expectedDigest())) {
                metrics.uploadFailed(UploadFailure.SHA256_MISMATCH);
                throw RegistryException.invalid("sha256 mismatch: the image was announced as "
                        + target.expectedDigest().ref() + " but the bytes received are " + received.digest().ref());
            }
            String etag = "\"" + received.digest().hex() + "\"";
            try {
                SifFile.read(file);
            } catch (RegistryException notSif) {
                metrics.uploadFailed(UploadFailure.NOT_SIF);
                // the transfer itself succeeded; completion refuses the image, with the reason,
                // where the client shows it. The bytes never enter the blob store.
                uploads.singleRefused(sessionId, notSif.getMessage());
                return etag;
            }
            store.commit(file, received.digest());
            uploads.singleReceived(sessionId);
            return etag;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            store.deleteUpload(sessionId);
        }
    }

    /**
     * Receives one part of a multipart upload into its place in the upload file; returns its ETag.
     * The part is hashed on its own only when its client declared its hash (the header, or the hash
     * given when the part's URL was asked for): otherwise the whole file's digest, checked on
     * completion, verifies its bytes, and a second digest of every byte would only cost CPU
     * (BENCHMARKS.md, Run 8).
     */
    public String receivePart(String sessionId, int number, InputStream body, String declaredSha256) {
        UploadService.PartTarget part = uploads.partTarget(sessionId, number);
        boolean declared = (declaredSha256 != null && !declaredSha256.isBlank()) || part.expectedSha256() != null;
        MessageDigest running = hashes.claim(sessionId, number);
        boolean ok = false;
        try {
            Path file = store.uploadFile(sessionId);
            BlobStore.Received received = declared
                    ? store.write(body, file, part.offset(), part.length(), running)
                    : new BlobStore.Received(store.writeUnhashed(body, file, part.offset(), part.length(), running), null);
            metrics.received(received.bytes());
            if (received.bytes() != part.length()) {
                metrics.uploadFailed(UploadFailure.TRUNCATED);
                throw RegistryException.invalid("part " + number + " truncated: received " + received.bytes() + " of "
                        + part.length() + " bytes");
            }
            if (declared) {
                requireHeaderMatches(declaredSha256, received.digest());
                if (part.expectedSha256() != null && !part.expectedSha256().equals(received.digest().hex())) {
                    metrics.uploadFailed(UploadFailure.SHA256_MISMATCH);
                    throw RegistryException.invalid("sha256 mismatch in part " + number + ": announced "
                            + part.expectedSha256() + ", received " + received.digest().hex());
                }
            }
            String etag = uploads.partReceived(sessionId, number, received.digest());
            ok = true;
            return etag;
        } finally {
            if (running != null) {
                if (ok) {
                    hashes.advanced(sessionId, number);
                } else {
                    hashes.broken(sessionId);
                }
            }
        }
    }

    /**
     * Completes a multipart upload: every part listed with its ETag, the whole file's sha256 equal
     * to the image hash, the file a readable SIF, then the file enters the blob store and the image
     * becomes visible.
     */
    public UploadService.Completed completeMultipart(Caller caller, String imageId, String uploadId,
            Map<Integer, String> tokens) {
        UploadService.Target target = uploads.readyToComplete(caller, imageId, uploadId, tokens);
        Path file = store.uploadFile(uploadId);
        Digest whole = hashes.finish(uploadId, target.totalParts()).orElseGet(() -> store.hash(file).digest());
        try {
            if (Files.size(file) != target.expectedSize()) {
                metrics.uploadFailed(UploadFailure.SIZE_MISMATCH);
                throw RegistryException.invalid("the assembled upload has " + Files.size(file) + " bytes, not "
                        + target.expectedSize());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!whole.equals(target.expectedDigest())) {
            metrics.uploadFailed(UploadFailure.SHA256_MISMATCH);
            uploads.abort(caller, imageId, uploadId);
            throw RegistryException.invalid("sha256 mismatch: the image was announced as " + target.expectedDigest().ref()
                    + " but its assembled parts are " + whole.ref());
        }
        try {
            SifFile.read(file);
        } catch (RegistryException notSif) {
            metrics.uploadFailed(UploadFailure.NOT_SIF);
            uploads.abort(caller, imageId, uploadId);
            throw notSif;
        }
        store.commit(file, whole);
        UploadService.Completed completed = uploads.finishMultipart(caller, imageId, uploadId);
        store.deleteUpload(uploadId);
        return completed;
    }

    private void requireHeaderMatches(String declaredSha256, Digest received) {
        if (declaredSha256 != null && !declaredSha256.isBlank() && !declaredSha256.equalsIgnoreCase(received.hex())) {
            metrics.uploadFailed(UploadFailure.SHA256_MISMATCH);
            throw RegistryException.invalid("sha256 mismatch: x-amz-content-sha256 says " + declaredSha256
                    + " but the bytes received are " + received.hex());
        }
    }
}
