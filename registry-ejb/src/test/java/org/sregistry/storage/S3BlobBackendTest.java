package org.sregistry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.gaul.s3proxy.junit.S3ProxyExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 backend against a real S3 server (S3Proxy, in process on a loopback port, objects in memory). */
class S3BlobBackendTest {

    private static final String BUCKET = "sif-blobs";

    @RegisterExtension
    final S3ProxyExtension s3proxy = S3ProxyExtension.builder().withBlobStoreProvider("transient")
            .withCredentials("registry", "registry-secret").build();

    @TempDir
    Path uploads;

    S3Client direct;
    S3BlobBackend backend;

    @BeforeEach
    void setUp() {
        direct = S3Client.builder().httpClient(UrlConnectionHttpClient.create()).region(Region.US_EAST_1)
                .endpointOverride(s3proxy.getUri()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("registry", "registry-secret")))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED).build();
        direct.createBucket(b -> b.bucket(BUCKET));
        backend = new S3BlobBackend(settings(BUCKET, "registry/"));
    }

    @AfterEach
    void tearDown() {
        backend.close();
        direct.close();
    }

    S3Settings settings(String bucket, String prefix) {
        return new S3Settings(Optional.of(s3proxy.getUri()), "us-east-1", bucket, Optional.of("registry"),
                Optional.of("registry-secret"), true, prefix, true, Duration.ofMinutes(5));
    }

    @Test
    void aCommittedFileBecomesAnObjectUnderItsDigestAndLeavesTheUploadArea() throws Exception {
        byte[] bytes = random(300_001, 1);
        Digest digest = sha256(bytes);
        Path file = local(bytes);

        backend.commit(file, digest);

        assertThat(file).doesNotExist();
        assertThat(keys()).containsExactly("registry/blobs/sha256/" + digest.hex().substring(0, 2) + "/" + digest.hex());
        BlobBackend.Stored stored = backend.find(digest).orElseThrow();
        assertThat(stored.size()).isEqualTo(bytes.length);
        assertThat(stored.modified()).isBefore(java.time.Instant.now().plusSeconds(5));
        try (InputStream in = backend.open(digest, 0, bytes.length)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
        try (InputStream in = backend.open(digest, 1000, 2345)) {
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(bytes, 1000, 3345));
        }
        try (InputStream in = backend.open(digest, 5, 0)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(backend.find(sha256(new byte[] {1}))).isEmpty();
    }

    @Test
    void anExistingBlobIsNeverOverwritten() throws Exception {
        byte[] bytes = random(10_000, 2);
        Digest digest = sha256(bytes);
        backend.commit(local(bytes), digest);

        Path other = local(random(10_000, 3)); // different bytes claiming the same digest
        backend.commit(other, digest);

        assertThat(other).doesNotExist();
        try (InputStream in = backend.open(digest, 0, bytes.length)) {
            assertThat(in.readAllBytes()).isEqualTo(bytes);
        }
    }

    @Test
    void aLargeFileGoesUpInPartsAndAChannelReadsAcrossWindows() throws Exception {
        backend.multipartThreshold = 6L * 1024 * 1024;
        backend.partSize = 5L * 1024 * 1024; // the least S3 takes
        backend.channelWindow = 64 * 1024;
        byte[] bytes = random(10 * 1024 * 1024 + 17, 4);
        Digest digest = sha256(bytes);

        backend.commit(local(bytes), digest);

        assertThat(backend.find(digest).orElseThrow().size()).isEqualTo(bytes.length);
        try (FileChannel channel = backend.channel(digest)) {
            assertThat(channel.size()).isEqualTo(bytes.length);
            for (long at : List.of(0L, 17L, 64 * 1024 - 10L, 123_456L, bytes.length - 5L)) {
                ByteBuffer buf = ByteBuffer.allocate(20);
                int n = 0;
                while (buf.hasRemaining()) {
                    int r = channel.read(buf, at + n);
                    if (r < 0) {
                        break;
                    }
                    n += r;
                }
                int expected = (int) Math.min(20, bytes.length - at);
                assertThat(n).isEqualTo(expected);
                assertThat(Arrays.copyOf(buf.array(), n)).isEqualTo(Arrays.copyOfRange(bytes, (int) at, (int) at + expected));
            }
            assertThat(channel.read(ByteBuffer.allocate(1), bytes.length)).isEqualTo(-1);
        }
        BlobStore store = new BlobStore(uploads, backend);
        assertThat(store.hash(digest)).isEqualTo(new BlobStore.Received(bytes.length, digest));
    }

    @Test
    void trashIsEmptiedOnCommitAndRestoredOnRollbackAlsoWhenCopiedInParts() throws Exception {
        backend.copyThreshold = 6L * 1024 * 1024;
        backend.partSize = 5L * 1024 * 1024;
        byte[] big = random(10 * 1024 * 1024 + 1, 5);
        byte[] small = random(1000, 6);
        Digest bigDigest = sha256(big);
        Digest smallDigest = sha256(small);
        backend.commit(local(big), bigDigest);
        backend.commit(local(small), smallDigest);

        BlobBackend.Trash trash = backend.moveToTrash(bigDigest);
        assertThat(backend.find(bigDigest)).isEmpty();
        trash.restore();
        try (InputStream in = backend.open(bigDigest, 0, big.length)) {
            assertThat(in.readAllBytes()).isEqualTo(big);
        }

        backend.moveToTrash(bigDigest).empty();
        backend.moveToTrash(smallDigest).empty();
        assertThat(backend.moveToTrash(smallDigest)).isNull();
        assertThat(keys()).isEmpty(); // nothing left behind in trash/ either
    }

    @Test
    void theListingHoldsBlobsOnlyWithSizeAndAgeInDigestOrder() throws Exception {
        byte[] a = random(100, 7);
        byte[] b = random(200, 8);
        backend.commit(local(a), sha256(a));
        backend.commit(local(b), sha256(b));
        String hex = sha256(new byte[] {9}).hex();
        direct.putObject(p -> p.bucket(BUCKET).key("registry/blobs/sha256/zz/" + hex), RequestBody.fromString("misplaced"));
        direct.putObject(p -> p.bucket(BUCKET).key("registry/blobs/sha256/" + hex.substring(0, 2) + "/notes.txt"),
                RequestBody.fromString("not a blob"));
        direct.putObject(p -> p.bucket(BUCKET).key("other/blobs/sha256/" + hex.substring(0, 2) + "/" + hex),
                RequestBody.fromString("another prefix"));

        List<BlobBackend.Stored> listed = backend.list();

        assertThat(listed).extracting(BlobBackend.Stored::digest)
                .containsExactlyElementsOf(List.of(sha256(a), sha256(b)).stream().sorted(java.util.Comparator.comparing(Digest::hex)).toList());
        assertThat(listed).extracting(BlobBackend.Stored::size).containsExactlyInAnyOrder(100L, 200L);
        assertThat(listed).allSatisfy(s -> assertThat(s.modified()).isNotNull());

        backend.delete(sha256(a));
        assertThat(backend.list()).extracting(BlobBackend.Stored::digest).containsExactly(sha256(b));
    }

    @Test
    void aPresignedUrlServesTheBlobAndRangesWithoutCredentials() throws Exception {
        byte[] bytes = random(70_000, 10);
        Digest digest = sha256(bytes);
        backend.commit(local(bytes), digest);

        URI url = backend.presignedGet(digest, Duration.ofMinutes(1)).orElseThrow();
        assertThat(url.toString()).startsWith(s3proxy.getUri().toString()).contains("X-Amz-Signature=")
                .contains("X-Amz-Expires=60");

        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<byte[]> whole = http.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(bytes);
        HttpResponse<byte[]> part = http.send(HttpRequest.newBuilder(url).header("Range", "bytes=100-199").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(part.statusCode()).isEqualTo(206);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(bytes, 100, 200));

        String tampered = url.toString().replace(digest.hex() + "?", sha256(new byte[] {1}).hex() + "?");
        HttpResponse<byte[]> refused = http.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(refused.statusCode()).isEqualTo(403);
    }

    @Test
    void theStoreSendsPullsToPresignedUrlsOnlyWhenSetToRedirect() throws Exception {
        byte[] bytes = random(100, 11);
        Digest digest = sha256(bytes);
        backend.commit(local(bytes), digest);
        assertThat(new BlobStore(uploads, backend).pullUrl(digest)).isEmpty(); // only a configured store redirects
    }

    @Test
    void aMissingBlobOrBucketIsUnavailableWithAClearMessage() {
        Digest missing = sha256(new byte[] {42});
        assertThatThrownBy(() -> backend.open(missing, 0, 10)).isInstanceOfSatisfying(RegistryException.class,
                e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAVAILABLE))
                .hasMessage("the bytes of " + missing + " are missing");
        assertThatThrownBy(() -> backend.channel(missing)).hasMessage("the bytes of " + missing + " are missing");

        backend.check();
        try (S3BlobBackend nowhere = new S3BlobBackend(settings("no-such-bucket", ""))) {
            assertThatThrownBy(nowhere::check).isInstanceOf(RegistryException.class)
                    .hasMessageStartingWith("object store: bucket no-such-bucket cannot be reached");
        }
    }

    private List<String> keys() {
        return direct.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().map(S3Object::key).toList();
    }

    private Path local(byte[] bytes) throws Exception {
        Path file = Files.createTempFile(uploads, "verified-", ".data");
        Files.write(file, bytes);
        return file;
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static Digest sha256(byte[] bytes) {
        try {
            return Digest.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
