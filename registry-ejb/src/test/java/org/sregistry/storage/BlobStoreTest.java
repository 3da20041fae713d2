package org.sregistry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sregistry.registry.Digest;
import org.sregistry.registry.RegistryException;

class BlobStoreTest {

    @TempDir
    Path root;

    BlobStore store;
    byte[] bytes;

    @BeforeEach
    void setUp() {
        store = new BlobStore(root);
        bytes = new byte[1_000_003];
        new Random(7).nextBytes(bytes);
    }

    @Test
    void writesHashesAndCommitsByRename() throws Exception {
        Path file = store.uploadFile("s1");
        BlobStore.Received received = store.write(new ByteArrayInputStream(bytes), file, 0, bytes.length, null);
        Digest expected = Digest.of(MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(received.bytes()).isEqualTo(bytes.length);
        assertThat(received.digest()).isEqualTo(expected);

        store.commit(file, received.digest());
        Path blob = new FileBlobBackend(root).path(expected);
        assertThat(Files.readAllBytes(blob)).isEqualTo(bytes);
        assertThat(blob.toString()).contains("blobs/sha256/" + expected.hex().substring(0, 2) + "/");
        assertThat(file).doesNotExist();
        assertThat(store.hash(expected)).isEqualTo(new BlobStore.Received(bytes.length, expected));
        assertThat(store.size(expected)).isEqualTo(bytes.length);
        try (InputStream in = store.open(expected, 10, 20)) {
            assertThat(in.readAllBytes()).isEqualTo(java.util.Arrays.copyOfRange(bytes, 10, 30));
        }
        assertThat(store.storedDigests()).containsExactly(expected);
    }

    @Test
    void partsLandAtTheirOffsetsInAnyOrderAndFeedARunningHash() throws Exception {
        Path file = store.uploadFile("s2");
        int half = bytes.length / 2;
        store.write(new ByteArrayInputStream(bytes, half, bytes.length - half), file, half, bytes.length - half, null);
        MessageDigest running = BlobStore.sha256();
        store.write(new ByteArrayInputStream(bytes, 0, half), file, 0, half, running);
        assertThat(Files.readAllBytes(file)).isEqualTo(bytes);
        assertThat(store.hash(file).digest()).isEqualTo(Digest.of(MessageDigest.getInstance("SHA-256").digest(bytes)));
    }

    @Test
    void refusesMoreThanDeclared() {
        Path file = store.uploadFile("s3");
        assertThatThrownBy(() -> store.write(new ByteArrayInputStream(bytes), file, 0, 10, null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("more than the 10 bytes declared");
    }

    @Test
    void aBrokenClientConnectionIsTheClientsError() {
        InputStream broken = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 100) {
                    throw new IOException("connection reset");
                }
                return 1;
            }
        };
        assertThatThrownBy(() -> store.write(broken, store.uploadFile("s4"), 0, 1000, null))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID))
                .hasMessageContaining("upload interrupted");
    }

    /** A body that arrives in reads of uneven, mostly small sizes, as from a socket. */
    private static InputStream trickling(byte[] bytes, long seed) {
        Random sizes = new Random(seed);
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, 1 + sizes.nextInt(70_000)));
            }
        };
    }

    @Test
    void aLargeUploadIsHashedBesideTheWritesWithEveryDigestAndByteInPlace() throws Exception {
        byte[] large = new byte[(int) (2.5 * BlobStore.PIPELINE_MIN) + 7];
        new Random(11).nextBytes(large);
        Path file = store.uploadFile("p1");
        MessageDigest running = BlobStore.sha256();
        running.update(bytes);   // bytes that came before, as in a multipart upload's first part

        BlobStore.Received received = store.write(trickling(large, 3), file, bytes.length, large.length, running);

        assertThat(received).isEqualTo(new BlobStore.Received(large.length,
                Digest.of(MessageDigest.getInstance("SHA-256").digest(large))));
        MessageDigest whole = MessageDigest.getInstance("SHA-256");
        whole.update(bytes);
        whole.update(large);
        assertThat(running.digest()).isEqualTo(whole.digest());
        byte[] stored = Files.readAllBytes(file);
        assertThat(java.util.Arrays.copyOfRange(stored, bytes.length, stored.length)).isEqualTo(large);
    }

    @Test
    void aLargeUploadGoesToDiskWithDirectIoAndItsLastPartialBlockThroughThePageCache() throws Exception {
        Assumptions.assumeTrue(directIoHere(), "the file system of the test folder refuses O_DIRECT");
        java.util.List<Thread> started = recordThreads();
        byte[] large = new byte[(int) (2.5 * BlobStore.PIPELINE_MIN) + 7];
        new Random(13).nextBytes(large);
        Path file = store.uploadFile("d1");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);   // a part before, as in a multipart upload: kept as it is
        long offset = 4 * BlobStore.BUFFER;

        BlobStore.Received received = store.write(trickling(large, 5), file, offset, large.length, null);

        assertThat(received).isEqualTo(new BlobStore.Received(large.length,
                Digest.of(MessageDigest.getInstance("SHA-256").digest(large))));
        assertThat(started).as("the digest's thread and the writer's").hasSize(2);
        byte[] stored = Files.readAllBytes(file);
        assertThat(stored).hasSize((int) offset + large.length);
        assertThat(java.util.Arrays.copyOfRange(stored, 0, bytes.length)).isEqualTo(bytes);
        assertThat(java.util.Arrays.copyOfRange(stored, (int) offset, stored.length)).isEqualTo(large);
    }

    @Test
    void withoutDirectIoALargeUploadIsWrittenByTheRequestThread() throws Exception {
        store.directIo = false;
        java.util.List<Thread> started = recordThreads();
        byte[] large = new byte[(int) BlobStore.PIPELINE_MIN + 4096];
        new Random(17).nextBytes(large);
        Path file = store.uploadFile("d2");

        BlobStore.Received received = store.write(new ByteArrayInputStream(large), file, 0, large.length, null);

        assertThat(received.digest()).isEqualTo(Digest.of(MessageDigest.getInstance("SHA-256").digest(large)));
        assertThat(started).as("the digest's thread only").hasSize(1);
        assertThat(Files.readAllBytes(file)).isEqualTo(large);
    }

    @Test
    void aLargeUploadCanBeWrittenWithoutADigestOfItsOwnWithOrWithoutDirectIo() throws Exception {
        byte[] large = new byte[(int) BlobStore.PIPELINE_MIN + 12_345];
        new Random(19).nextBytes(large);
        for (boolean direct : new boolean[] {true, false}) {
            store.directIo = direct;
            Path file = store.uploadFile("u-" + direct);
            MessageDigest running = BlobStore.sha256();

            assertThat(store.writeUnhashed(trickling(large, 7), file, 0, large.length, running)).isEqualTo(large.length);
            assertThat(running.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(large));
            assertThat(store.writeUnhashed(new ByteArrayInputStream(large), file, 0, large.length, null))
                    .as("no digest at all: only written").isEqualTo(large.length);
            assertThat(Files.readAllBytes(file)).isEqualTo(large);
        }
    }

    /** Makes the store start its threads as plain ones, recorded in the list returned. */
    private java.util.List<Thread> recordThreads() {
        java.util.List<Thread> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.threads = task -> {
            Thread t = new Thread(task);
            started.add(t);
            return t;
        };
        return started;
    }

    /** Whether the test folder's file system takes O_DIRECT (ext4 and xfs do; tmpfs did not before Linux 6.6). */
    private boolean directIoHere() throws IOException {
        Path probe = root.resolve("probe/direct");
        Files.createDirectories(probe.getParent());
        java.util.Optional<DirectFileWriter> writer = DirectFileWriter.open(probe, 0);
        if (writer.isPresent()) {
            writer.get().close();
        }
        return writer.isPresent();
    }

    @Test
    void aLargeUploadThatBreaksOrOverrunsIsRefusedAndItsHashingThreadsEnd() throws Exception {
        java.util.List<Thread> started = recordThreads();
        byte[] large = new byte[(int) BlobStore.PIPELINE_MIN + 1];

        assertThatThrownBy(() -> store.write(new ByteArrayInputStream(large), store.uploadFile("p2"), 0,
                BlobStore.PIPELINE_MIN, null))
                .isInstanceOf(RegistryException.class).hasMessageContaining("more than the " + BlobStore.PIPELINE_MIN);
        InputStream breaks = new InputStream() {
            long sent;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (sent > BlobStore.PIPELINE_MIN / 2) {
                    throw new IOException("connection reset");
                }
                int n = Math.min(len, 4096);
                sent += n;
                return n;
            }
        };
        assertThatThrownBy(() -> store.write(breaks, store.uploadFile("p3"), 0, large.length, BlobStore.sha256()))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.INVALID))
                .hasMessageContaining("upload interrupted");

        assertThat(started).as("one thread per digest and upload, and one writer per upload with direct I/O")
                .hasSize(directIoHere() ? 5 : 3);
        for (Thread t : started) {
            t.join(10_000);
            assertThat(t.isAlive()).isFalse();
        }
        assertThat(store.chunks.kept()[0]).as("a failed upload's buffers are given back too, and taken by the next")
                .isEqualTo(UploadPipeline.DEPTH);
    }

    @Test
    void largeUploadsOneAfterAnotherWriteWithTheSameChunksAndNothingOfTheFormerLeaks() throws Exception {
        boolean direct = directIoHere();
        byte[] first = new byte[(int) BlobStore.PIPELINE_MIN + 3 * BlobStore.PIPELINE_BUFFER / 2];
        new Random(23).nextBytes(first);
        // shorter, and its last chunk partial: a stale byte of the first upload's chunks would show
        byte[] second = new byte[(int) BlobStore.PIPELINE_MIN + 4096 + 77];
        new Random(29).nextBytes(second);

        BlobStore.Received one = store.write(trickling(first, 3), store.uploadFile("r1"), 0, first.length, null);
        int[] kept = store.chunks.kept();
        assertThat(kept).containsExactly(UploadPipeline.DEPTH, direct ? 1 : 0);
        BlobStore.Received two = store.write(trickling(second, 5), store.uploadFile("r2"), 0, second.length, null);

        assertThat(store.chunks.kept()).as("the second upload took the first one's chunks: none was added").isEqualTo(kept);
        assertThat(one.digest()).isEqualTo(Digest.of(MessageDigest.getInstance("SHA-256").digest(first)));
        assertThat(two.digest()).isEqualTo(Digest.of(MessageDigest.getInstance("SHA-256").digest(second)));
        assertThat(Files.readAllBytes(store.uploadFile("r1"))).isEqualTo(first);
        assertThat(Files.readAllBytes(store.uploadFile("r2"))).isEqualTo(second);
    }

    @Test
    void noThreadToHashWithIsAStorageErrorAndStopsTheOnesStarted() throws Exception {
        java.util.List<Thread> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.threads = task -> {
            if (!started.isEmpty()) {
                return null;   // as a thread factory whose application is stopping
            }
            Thread t = new Thread(task);
            started.add(t);
            return t;
        };
        byte[] large = new byte[(int) BlobStore.PIPELINE_MIN];

        assertThatThrownBy(() -> store.write(new ByteArrayInputStream(large), store.uploadFile("p4"), 0, large.length,
                BlobStore.sha256()))
                .isInstanceOfSatisfying(RegistryException.class,
                        e -> assertThat(e.reason()).isEqualTo(RegistryException.Reason.UNAVAILABLE))
                .hasMessageContaining("cannot take the upload");
        started.get(0).join(10_000);
        assertThat(started.get(0).isAlive()).isFalse();
    }

    @Test
    void trashCanBeRestoredOrEmptied() throws Exception {
        Path file = store.uploadFile("s5");
        Digest d = store.write(new ByteArrayInputStream(bytes), file, 0, bytes.length, null).digest();
        store.commit(file, d);

        BlobBackend.Trash trash = store.moveToTrash(d);
        assertThat(store.exists(d)).isFalse();
        trash.restore();
        assertThat(Files.readAllBytes(new FileBlobBackend(root).path(d))).isEqualTo(bytes);

        store.moveToTrash(d).empty();
        assertThat(store.exists(d)).isFalse();
        assertThat(store.moveToTrash(d)).isNull();
    }

    @Test
    void deletingAnUploadRemovesItsFolder() throws Exception {
        Path file = store.uploadFile("s6");
        store.write(new ByteArrayInputStream(bytes), file, 0, bytes.length, null);
        store.deleteUpload("s6");
        assertThat(file.getParent()).doesNotExist();
        store.deleteUpload("never-existed");
    }
}
