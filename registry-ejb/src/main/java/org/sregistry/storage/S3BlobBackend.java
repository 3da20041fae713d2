package org.sregistry.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs as objects of an S3-compatible bucket, under {@code <prefix>blobs/sha256/xx/<hex>}. A
 * verified upload (still a local file in the upload area) is sent with PutObject, or as a multipart
 * upload when large, and only then becomes visible under its key; an object that exists is never
 * written again. The client is configured explicitly (the JDK's URL connection as HTTP client,
 * static or default credentials): inside Payara, the SDK's ServiceLoader look-ups of HTTP clients do
 * not see the application's jars.
 */
public class S3BlobBackend implements BlobBackend {

    private static final System.Logger LOG = System.getLogger(S3BlobBackend.class.getName());
    private static final long GIB = 1024L * 1024 * 1024;
    private static final int MAX_PARTS = 10_000;

    private final S3Client client;
    private final S3Presigner presigner;
    private final String bucket;
    private final String prefix;
    private final Pattern blobKey;

    /** Files larger than this are sent as a multipart upload (a single PutObject takes at most 5 GiB). */
    long multipartThreshold = 256L * 1024 * 1024;
    /** The smallest part of a multipart upload or copy (S3 needs at least 5 MiB but for the last). */
    long partSize = 128L * 1024 * 1024;
    /** Objects larger than this are copied part by part (a single CopyObject takes at most 5 GiB). */
    long copyThreshold = 5 * GIB;
    /** How many bytes a channel fetches with one ranged GET. */
    int channelWindow = 8 * 1024 * 1024;

    public S3BlobBackend(S3Settings settings) {
        this.bucket = settings.bucket();
        this.prefix = settings.prefix();
        this.blobKey = Pattern.compile(Pattern.quote(prefix) + "blobs/sha256/([0-9a-f]{2})/([0-9a-f]{64})");
        AwsCredentialsProvider credentials = settings.accessKey().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey().get(),
                        settings.secretKey().orElseThrow()))
                : DefaultCredentialsProvider.builder().build();
        S3Configuration s3 = S3Configuration.builder().pathStyleAccessEnabled(settings.pathStyle()).build();
        var builder = S3Client.builder()
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2)).build())
                .region(Region.of(settings.region())).credentialsProvider(credentials).serviceConfiguration(s3)
                // checksum headers only where the API demands them: S3-compatible stores differ in
                // which of the newer checksum algorithms they accept; blobs are verified by sha256 anyway
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        var presign = S3Presigner.builder().region(Region.of(settings.region())).credentialsProvider(credentials)
                .serviceConfiguration(s3);
        settings.endpoint().ifPresent(e -> {
            builder.endpointOverride(e);
            presign.endpointOverride(e);
        });
        this.client = builder.build();
        this.presigner = presign.build();
    }

    String key(Digest digest) {
        return prefix + "blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex();
    }

    @Override
    public Optional<Stored> find(Digest digest) {
        return head(key(digest)).map(h -> new Stored(digest, h.contentLength(), h.lastModified()));
    }

    private Optional<HeadObjectResponse> head(String key) {
        try {
            return Optional.of(client.headObject(b -> b.bucket(bucket).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw unavailable("cannot look up " + key, e);
        } catch (SdkException e) {
            throw unavailable("cannot look up " + key, e);
        }
    }

    @Override
    public InputStream open(Digest digest, long first, long length) {
        if (length == 0) {
            return InputStream.nullInputStream();
        }
        try {
            return client.getObject(b -> b.bucket(bucket).key(key(digest)).range(range(first, length)));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw FileBlobBackend.missing(digest);
            }
            throw unavailable("cannot read " + digest, e);
        } catch (SdkException e) {
            throw unavailable("cannot read " + digest, e);
        }
    }

    @Override
    public FileChannel channel(Digest digest) {
        long size = find(digest).orElseThrow(() -> FileBlobBackend.missing(digest)).size();
        return new S3ObjectChannel(size, channelWindow, (first, length) -> {
            try (InputStream in = open(digest, first, length)) {
                return in.readAllBytes();
            }
        });
    }

    @Override
    public void commit(Path verified, Digest digest) {
        String key = key(digest);
        try {
            if (head(key).isEmpty()) {
                long size = Files.size(verified);
                if (size <= multipartThreshold) {
                    client.putObject(b -> b.bucket(bucket).key(key).contentLength(size), RequestBody.fromFile(verified));
                } else {
                    putInParts(verified, size, key);
                }
                LOG.log(System.Logger.Level.DEBUG, "stored {0} in bucket {1} ({2} bytes)", key, bucket, size);
            }
            Files.deleteIfExists(verified);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store blob " + digest, e);
        } catch (SdkException e) {
            throw unavailable("cannot store " + digest, e);
        }
    }

    private void putInParts(Path file, long size, String key) {
        String upload = client.createMultipartUpload(b -> b.bucket(bucket).key(key)).uploadId();
        try {
            long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = parts.size() + 1;
                long from = offset;
                long length = Math.min(part, size - offset);
                String etag = client.uploadPart(b -> b.bucket(bucket).key(key).uploadId(upload).partNumber(number)
                        .contentLength(length), RequestBody.fromContentProvider(() -> slice(file, from, length), length,
                                "application/octet-stream")).eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abort(key, upload);
            throw e;
        }
    }

    private static InputStream slice(Path file, long from, long length) {
        try {
            FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
            channel.position(from);
            return new BoundedInputStream(Channels.newInputStream(channel), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void abort(String key, String upload) {
        try {
            client.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(upload));
        } catch (SdkException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot abort the multipart upload of " + key, e);
        }
    }

    /** A server-side copy: one CopyObject, or part by part for objects over {@link #copyThreshold}. */
    private void copy(String from, String to, long size) {
        if (size <= copyThreshold) {
            client.copyObject(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket).destinationKey(to));
            return;
        }
        String upload = client.createMultipartUpload(b -> b.bucket(bucket).key(to)).uploadId();
        try {
            long part = Math.max(partSize, (size + MAX_PARTS - 1) / MAX_PARTS);
            List<CompletedPart> parts = new ArrayList<>();
            for (long offset = 0; offset < size; offset += part) {
                int number = parts.size() + 1;
                String range = "bytes=" + offset + "-" + (Math.min(offset + part, size) - 1);
                String etag = client.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey(from).destinationBucket(bucket)
                        .destinationKey(to).uploadId(upload).partNumber(number).copySourceRange(range))
                        .copyPartResult().eTag();
                parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
            }
            client.completeMultipartUpload(b -> b.bucket(bucket).key(to).uploadId(upload).multipartUpload(m -> m.parts(parts)));
        } catch (RuntimeException e) {
            abort(to, upload);
            throw e;
        }
    }

    @Override
    public void delete(Digest digest) {
        delete(key(digest));
    }

    private void delete(String key) {
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (SdkException e) {
            throw unavailable("cannot delete " + key, e);
        }
    }

    /**
     * S3 has no rename: the object is copied to {@code <prefix>trash/} (inside the bucket, so no
     * bytes travel through the registry) and deleted; a rollback copies it back.
     */
    @Override
    public Trash moveToTrash(Digest digest) {
        String key = key(digest);
        Optional<HeadObjectResponse> head = head(key);
        if (head.isEmpty()) {
            return null;
        }
        long size = head.get().contentLength();
        String trash = prefix + "trash/" + digest.hex() + "-" + System.nanoTime();
        try {
            copy(key, trash, size);
        } catch (SdkException e) {
            throw unavailable("cannot move " + key + " to the trash", e);
        }
        delete(key);
        return new Trash() {
            @Override
            public void empty() {
                delete(trash);
            }

            @Override
            public void restore() {
                try {
                    if (head(key).isEmpty()) {
                        copy(trash, key, size);
                    }
                } catch (SdkException e) {
                    throw unavailable("cannot restore " + key + " from " + trash, e);
                }
                delete(trash);
            }
        };
    }

    @Override
    public List<Stored> list() {
        try {
            List<Stored> stored = new ArrayList<>();
            for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix + "blobs/sha256/")).contents()) {
                Matcher m = blobKey.matcher(o.key());
                if (m.matches() && m.group(2).startsWith(m.group(1))) {
                    stored.add(new Stored(new Digest(m.group(2)), o.size(), o.lastModified()));
                }
            }
            stored.sort(Comparator.comparing(s -> s.digest().hex()));
            return stored;
        } catch (SdkException e) {
            throw unavailable("cannot list bucket " + bucket, e);
        }
    }

    @Override
    public Optional<URI> presignedGet(Digest digest, Duration ttl) {
        try {
            return Optional.of(presigner.presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> g.bucket(bucket)
                    .key(key(digest)).responseContentDisposition("attachment; filename=\"" + digest.hex() + ".sif\"")))
                    .url().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void check() {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (SdkException e) {
            throw unavailable("bucket " + bucket + " cannot be reached", e);
        }
    }

    @Override
    public String describe() {
        return "s3 bucket " + bucket + (prefix.isEmpty() ? "" : " under " + prefix);
    }

    @Override
    public void close() {
        presigner.close();
        client.close();
    }

    private static String range(long first, long length) {
        return "bytes=" + first + "-" + (first + length - 1);
    }

    private static RegistryException unavailable(String what, SdkException e) {
        LOG.log(System.Logger.Level.WARNING, "object store: " + what, e);
        return new RegistryException(RegistryException.Reason.UNAVAILABLE, "object store: " + what + ": " + e.getMessage());
    }
}
