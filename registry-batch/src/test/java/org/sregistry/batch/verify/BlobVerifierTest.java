package org.sregistry.batch.verify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sregistry.registry.Digest;
import org.sregistry.storage.BlobStore;
import org.sregistry.storage.FileBlobBackend;

class BlobVerifierTest {

    @TempDir
    Path root;

    BlobVerifier verifier;
    BlobStore store;

    @BeforeEach
    void setUp() {
        store = new BlobStore(root);
        verifier = new BlobVerifier();
        verifier.store = store;
    }

    @Test
    void aBlobWhoseBytesHashToItsDigestIsIntact() throws IOException {
        Digest digest = put("intact bytes");

        Verdict verdict = verifier.processItem(digest);

        assertThat(verdict).isEqualTo(new Verdict(digest, null));
        assertThat(verdict.damaged()).isFalse();
    }

    @Test
    void aBlobWhoseBytesChangedIsDamagedWithWhatTheyHashTo() throws IOException {
        Digest digest = put("original bytes");
        Files.writeString(file(digest), "flipped bytes");

        Verdict verdict = verifier.processItem(digest);

        assertThat(verdict.damaged()).isTrue();
        assertThat(verdict.problem()).isEqualTo("the content hashes to " + sha256("flipped bytes").hex());
    }

    @Test
    void aMissingFileIsDamaged() {
        Verdict verdict = verifier.processItem(sha256("never stored"));

        assertThat(verdict.problem()).isEqualTo("the file is missing");
    }

    @Test
    void theReportListsOnlyDamagedBlobsAndCountsAll() {
        Digest a = sha256("a");
        Digest b = sha256("b");

        VerifyReport report = VerifyReport.NONE.with(List.of(new Verdict(a, null), new Verdict(b, "the file is missing")))
                .with(List.of(new Verdict(a, null)));

        assertThat(report.checked()).isEqualTo(3);
        assertThat(report.damaged()).containsExactly(b.hex() + ": the file is missing");
        assertThat(report.summary()).isEqualTo("VERIFIED 3 blobs, 1 damaged");
    }

    private Digest put(String content) throws IOException {
        Digest digest = sha256(content);
        Files.createDirectories(file(digest).getParent());
        Files.writeString(file(digest), content);
        return digest;
    }

    private Path file(Digest digest) {
        return new FileBlobBackend(root).path(digest);
    }

    private static Digest sha256(String content) {
        try {
            return Digest.of(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
