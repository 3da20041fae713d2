package org.sregistry.it.library;

import static org.assertj.core.api.Assertions.assertThat;
import static org.sregistry.it.TestImages.sha256;
import static org.sregistry.it.TestImages.sif;
import static org.sregistry.it.TestImages.unique;

import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.sregistry.it.ApiClient;
import org.sregistry.it.Deployments;
import org.sregistry.it.LibraryClient;
import org.sregistry.it.LibraryClient.Multipart;
import org.sregistry.it.LibraryClient.Pushed;
import org.sregistry.it.TestImages;

/**
 * Uploads that go wrong, single and multipart: every fault is refused with a 4xx envelope, the
 * image stays {@code uploaded:false}, and the image pushed before the fault (the witness, in the
 * same container) still downloads byte for byte. The registry runs with 1 MiB parts here
 * (REGISTRY_UPLOAD_PART_SIZE), so multipart uploads need only a few MiB.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class UploadFaultsIT {

    private static final int PART = Integer.getInteger("it.upload.part-size", 1 << 20);

    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.registry();
    }

    @ArquillianResource
    URL deployed;

    ApiClient api;
    LibraryClient library;
    Pushed witness;

    @BeforeEach
    void pushWitness() {
        api = ApiClient.of(deployed, ApiClient.adminToken());
        library = new LibraryClient(api);
        witness = library.push(unique("ent"), "coll", "box", sif(2 * PART + 12_345), "amd64", "witness");
    }

    @AfterEach
    void witnessStillDownloadsByteIdentical() {
        byte[] pulled = library.pull(witness.ref("witness"), "amd64");
        assertThat(sha256(pulled)).as("the image pushed before the fault").isEqualTo(sha256(witness.bytes()));
    }

    /** I2 of {@code bytes} into the witness's container: the new image's id. */
    private String announce(byte[] bytes) {
        String id = library.announce(witness.path(), witness.containerId(), bytes, "amd64").getString("id");
        assertThat(id).isNotEqualTo(witness.imageId());
        return id;
    }

    private boolean uploaded(byte[] bytes) {
        return api.get("v1/images/" + witness.path() + ":" + TestImages.hashRef(bytes) + "?arch=amd64").expect(200).data()
                .getBoolean("uploaded");
    }

    private static byte[] corrupt(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        copy[at] ^= 0x5a;
        return copy;
    }

    // ---- single uploads --------------------------------------------------------------------------

    @Test
    void bytesThatDoNotMatchTheImageHashAreRefused() {
        byte[] bytes = sif(40_000);
        String imageId = announce(bytes);
        String url = library.startUpload(imageId, bytes);

        byte[] other = corrupt(bytes, 20_000);
        ApiClient.Reply put = library.putBytes(url, other).expect(400);
        assertThat(put.error().getInt("code")).isEqualTo(400);
        assertThat(put.errorMessage()).contains("sha256 mismatch").contains(TestImages.hashRef(bytes));

        assertThat(uploaded(bytes)).isFalse();
        assertThat(api.putJson("v2/imagefile/" + imageId + "/_complete", "{}").status()).isIn(400, 404, 409);
        assertThat(uploaded(bytes)).isFalse();
        api.get("v1/imagefile/" + witness.path() + ":" + TestImages.hashRef(bytes) + "?arch=amd64").expect(404);
        assertThat(api.postJson("v2/tags/" + witness.containerId(), LibraryClient.archTagJson("amd64", "witness", imageId))
                .status()).as("tagging the unverified image").isNotEqualTo(200);
    }

    @Test
    void aDeclaredSha256OtherThanTheImageHashIsRefusedBeforeAnyBytes() {
        byte[] bytes = sif(10_000);
        String imageId = announce(bytes);
        String wrong = "{\"filesize\":" + bytes.length + ",\"md5sum\":\"\",\"sha256sum\":\"" + sha256(sif(10)) + "\"}";

        assertThat(api.postJson("v2/imagefile/" + imageId, wrong).expect(400).errorMessage()).contains("does not match");
        assertThat(uploaded(bytes)).isFalse();
    }

    @Test
    void aContentShaHeaderThatDisagreesWithTheBodyIsRefused() {
        byte[] bytes = sif(10_000);
        String imageId = announce(bytes);
        String url = library.startUpload(imageId, bytes);

        ApiClient.Reply put = api.transfer("PUT", url, bytes, "Content-Type", "application/octet-stream",
                "x-amz-content-sha256", sha256(sif(10))).expect(400);
        assertThat(put.errorMessage()).contains("x-amz-content-sha256");
        assertThat(uploaded(bytes)).isFalse();
    }

    @Test
    void aBodyShorterThanTheDeclaredSizeIsRefusedAndAFreshPushSucceeds() {
        byte[] bytes = sif(64_000);
        String imageId = announce(bytes);
        String url = library.startUpload(imageId, bytes);

        byte[] half = Arrays.copyOf(bytes, bytes.length / 2);
        ApiClient.Reply put = api.transfer("PUT", url, half, "Content-Type", "application/octet-stream").expect(400);
        assertThat(put.errorMessage()).contains("truncated").contains(String.valueOf(bytes.length));
        assertThat(uploaded(bytes)).isFalse();

        library.uploadV2(imageId, bytes);
        assertThat(uploaded(bytes)).isTrue();
        assertThat(library.pull(witness.path() + ":" + TestImages.hashRef(bytes), "amd64")).isEqualTo(bytes);
    }

    @Test
    void aBodyLongerThanTheDeclaredSizeIsRefused() {
        byte[] bytes = sif(30_000);
        String imageId = announce(bytes);
        String url = library.startUpload(imageId, bytes);

        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1000);
        ApiClient.Reply put = api.transfer("PUT", url, longer, "Content-Type", "application/octet-stream").expect(400);
        assertThat(put.errorMessage()).contains("more than");
        assertThat(uploaded(bytes)).isFalse();
    }

    @Test
    void aConnectionClosedMidUploadLeavesTheImageNotUploaded() throws Exception {
        byte[] bytes = sif(200_000);
        String imageId = announce(bytes);
        URI url = URI.create(library.startUpload(imageId, bytes));

        // Content-Length promises the whole file; the socket closes after half of it
        try (Socket socket = new Socket("127.0.0.1", url.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + url.getPort() + "\r\n"
                    + "Content-Type: application/octet-stream\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, 0, bytes.length / 2);
            out.flush();
        }
        Thread.sleep(500);

        assertThat(uploaded(bytes)).isFalse();
        assertThat(api.putJson("v2/imagefile/" + imageId + "/_complete", "{}").status()).isIn(400, 404, 409);
        assertThat(uploaded(bytes)).isFalse();
        library.uploadV2(imageId, bytes);
        assertThat(library.pull(witness.path() + ":" + TestImages.hashRef(bytes), "amd64")).isEqualTo(bytes);
    }

    @Test
    void completeWithoutAnyBytesIsRefused() {
        byte[] bytes = sif(5000);
        String imageId = announce(bytes);

        ApiClient.Reply complete = api.putJson("v2/imagefile/" + imageId + "/_complete", "{}");
        assertThat(complete.status()).isIn(400, 409);
        assertThat(complete.errorMessage()).contains("no verified upload");
        assertThat(uploaded(bytes)).isFalse();
    }

    @Test
    void uploadsToAnUnknownImageAre404() {
        assertThat(api.postJson("v2/imagefile/nosuchimage", LibraryClient.uploadJson(sif(10))).expect(404).errorMessage())
                .contains("nosuchimage");
        api.putJson("v2/imagefile/nosuchimage/_complete", "{}").expect(404);
        api.postJson("v2/imagefile/nosuchimage/_multipart", "{\"filesize\":10}").expect(404);
    }

    // ---- multipart -------------------------------------------------------------------------------

    @Test
    void multipartUploadOffersTheConfiguredPartSize() {
        byte[] bytes = sif(3 * PART + PART / 2);
        Multipart upload = library.startMultipart(announce(bytes), bytes);

        assertThat(upload.partSize()).isEqualTo(PART);
        assertThat(upload.totalParts()).isEqualTo(4);
        assertThat(library.requestPart(upload, 4, PART / 2, sha256(upload.part(4))).expect(200).data()
                .getString("presignedURL")).startsWith("http://");
        library.abortMultipart(upload).expect(200);
    }

    @Test
    void partsSentOutOfOrderAssembleTheRightFile() {
        byte[] bytes = sif(3 * PART + PART / 2);
        String imageId = announce(bytes);
        Multipart upload = library.startMultipart(imageId, bytes);

        Map<Integer, String> tokens = new LinkedHashMap<>();
        for (int n : new int[] {3, 1, 4, 2}) {
            tokens.put(n, library.sendPart(upload, n));
        }
        Map<Integer, String> inOrder = new LinkedHashMap<>();
        for (int n = 1; n <= 4; n++) {
            inOrder.put(n, tokens.get(n));
        }
        library.completeMultipart(upload, inOrder).expect(200);

        assertThat(uploaded(bytes)).isTrue();
        library.tag(witness.containerId(), "amd64", "multi", imageId);
        assertThat(sha256(library.pull(witness.ref("multi"), "amd64"))).isEqualTo(sha256(bytes));
    }

    @Test
    void partsSentWithoutTheirHashAreVerifiedByTheWholeFileAndAnsweredWithTokensOfTheirOwn() {
        // as the real client sends them when the registry says "s3compliant": "false": no part hash
        // in M2, no x-amz-content-sha256 header; each part is then hashed only as part of the file
        byte[] bytes = sif(3 * PART + 321);
        String imageId = announce(bytes);
        Multipart upload = library.startMultipart(imageId, bytes);

        Map<Integer, String> tokens = new LinkedHashMap<>();
        for (int n = 1; n <= upload.totalParts(); n++) {
            byte[] part = upload.part(n);
            String etag = library.sendPartUndeclared(upload, n, part);
            assertThat(etag).as("a token of its own, quoted, not the part's sha256")
                    .matches("\"[0-9a-f]{24}\"").isNotEqualTo("\"" + sha256(part) + "\"");
            tokens.put(n, etag);
        }
        Map<Integer, String> shaTokens = new LinkedHashMap<>(tokens);
        shaTokens.put(2, "\"" + sha256(upload.part(2)) + "\"");
        assertThat(library.completeMultipart(upload, shaTokens).expect(400).errorMessage())
                .contains("part 2 is not listed with the ETag");
        library.completeMultipart(upload, tokens).expect(200);

        library.tag(witness.containerId(), "amd64", "unhashed-parts", imageId);
        assertThat(library.pull(witness.ref("unhashed-parts"), "amd64")).isEqualTo(bytes);
    }

    @Test
    void partsSentWithoutTheirHashThatAssembleOtherBytesAreRefused() {
        byte[] bytes = sif(2 * PART + 55);
        String imageId = announce(bytes);
        Multipart upload = library.startMultipart(imageId, bytes);

        Map<Integer, String> tokens = new LinkedHashMap<>();
        for (int n = 1; n <= upload.totalParts(); n++) {
            tokens.put(n, library.sendPartUndeclared(upload, n, n == 2 ? corrupt(upload.part(n), 17) : upload.part(n)));
        }
        assertThat(library.completeMultipart(upload, tokens).expect(400).errorMessage()).contains("sha256 mismatch");
        assertThat(uploaded(bytes)).isFalse();
    }

    @Test
    void aPartSentTwiceIsStoredOnce() {
        byte[] bytes = sif(2 * PART + 777);
        String imageId = announce(bytes);
        Multipart upload = library.startMultipart(imageId, bytes);

        Map<Integer, String> tokens = new LinkedHashMap<>();
        tokens.put(1, library.sendPart(upload, 1));
        tokens.put(2, library.sendPart(upload, 2));
        assertThat(library.sendPart(upload, 2)).isEqualTo(tokens.get(2));
        tokens.put(3, library.sendPart(upload, 3));
        library.completeMultipart(upload, tokens).expect(200);

        assertThat(library.pull(witness.path() + ":" + TestImages.hashRef(bytes), "amd64")).isEqualTo(bytes);
    }

    @Test
    void aPartReplacedByItsRightBytesAssemblesTheRightFile() {
        byte[] bytes = sif(2 * PART + 999);
        String imageId = announce(bytes);
        Multipart upload = library.startMultipart(imageId, bytes);

        // part 1 first arrives damaged (no checksum announced, as a non-s3compliant client sends it)
        byte[] damaged = corrupt(upload.part(1), 10);
        String url = library.requestPart(upload, 1, damaged.length, "").expect(200).data().getString("presignedURL");
        api.transfer("PUT", url, damaged).expect(200);
        // then the client sends it again, right
        Map<Integer, String> tokens = new LinkedHashMap<>();
        tokens.put(1, library.sendPart(upload, 1));
        tokens.put(2, library.sendPart(upload, 2));
        tokens.put(3, library.sendPart(upload, 3));
        library.completeMultipart(upload, tokens).expect(200);

        assertThat(library.pull(witness.path() + ":" + TestImages.hashRef(bytes), "amd64")).isEqualTo(bytes);
    }

    /**
     * The whole-file hash must cover the bytes that are stored: a part sent right and then again
     * with other bytes (no checksum announced the second time) must not end up served under the
     * image hash. Here the image announced is the witness's own bytes in another container, so a
     * registry that trusts a stale running hash would also overwrite the witness's blob.
     */
    @Test
    void aPartOverwrittenWithOtherBytesCannotBeStoredUnderTheImageHash() {
        byte[] bytes = witness.bytes();
        String container = unique("copy");
        String copy = witness.entity() + "/coll/" + container;
        LibraryClient.ContainerIds ids = library.ensureContainer(witness.entity(), "coll", container);
        String imageId = library.announce(copy, ids.containerId(), bytes, "amd64").getString("id");
        Multipart upload = library.startMultipart(imageId, bytes);

        Map<Integer, String> tokens = new LinkedHashMap<>();
        for (int n = 1; n <= upload.totalParts(); n++) {
            tokens.put(n, library.sendPart(upload, n));
        }
        byte[] damaged = corrupt(upload.part(1), 100);
        tokens.put(1, library.sendPartUndeclared(upload, 1, damaged));

        ApiClient.Reply complete = library.completeMultipart(upload, tokens);
        if (complete.status() == 200) {
            library.tag(ids.containerId(), "amd64", "latest", imageId);
            assertThat(sha256(library.pull(copy + ":latest", "amd64")))
                    .as("bytes served under " + witness.hashRef() + " after " + complete.describe())
                    .isEqualTo(sha256(bytes));
        } else {
            assertThat(complete.status()).as(complete.describe()).isEqualTo(400);
            assertThat(complete.errorMessage()).contains("sha256");
        }
    }

    @Test
    void aPartWhoseBytesDoNotMatchItsAnnouncedShaIsRefused() {
        byte[] bytes = sif(2 * PART + 10);
        Multipart upload = library.startMultipart(announce(bytes), bytes);
        byte[] part = upload.part(2);
        String url = library.partUrl(upload, 2, part);

        ApiClient.Reply put = api.transfer("PUT", url, corrupt(part, 5)).expect(400);
        assertThat(put.errorMessage()).contains("sha256 mismatch in part 2");
        ApiClient.Reply header = api.transfer("PUT", url, part, "x-amz-content-sha256", sha256(corrupt(part, 5)))
                .expect(400);
        assertThat(header.errorMessage()).contains("x-amz-content-sha256");

        Map<Integer, String> tokens = new LinkedHashMap<>();
        tokens.put(1, library.sendPart(upload, 1));
        tokens.put(2, "\"" + sha256(part) + "\"");
        tokens.put(3, library.sendPart(upload, 3));
        assertThat(library.completeMultipart(upload, tokens).expect(400).errorMessage()).contains("part 2");
        assertThat(uploaded(bytes)).isFalse();
    }

    @Test
    void partsOfTheWrongSizeOrNumberAreRefused() {
        byte[] bytes = sif(2 * PART + 10);
        Multipart upload = library.startMultipart(announce(bytes), bytes);

        assertThat(library.requestPart(upload, 1, PART - 1, "").expect(400).errorMessage()).contains("part 1 must be");
        assertThat(library.requestPart(upload, 4, 10, "").expect(400).errorMessage()).contains("outside 1..3");
        assertThat(library.requestPart(upload, 0, PART, "").expect(400).errorMessage()).contains("outside");

        String url = library.partUrl(upload, 3, upload.part(3));
        assertThat(api.transfer("PUT", url, Arrays.copyOf(upload.part(3), 5)).expect(400).errorMessage())
                .contains("truncated");
        library.abortMultipart(upload).expect(200);
    }

    @Test
    void completingWithAPartMissingIsRefused() {
        byte[] bytes = sif(3 * PART + 1);
        String imageId = announce(bytes);
        Multipart upload = library.startMultipart(imageId, bytes);

        Map<Integer, String> tokens = new LinkedHashMap<>();
        tokens.put(1, library.sendPart(upload, 1));
        tokens.put(2, library.sendPart(upload, 2));
        tokens.put(4, library.sendPart(upload, 4));
        assertThat(library.completeMultipart(upload, tokens).expect(400).errorMessage())
                .contains("part 3 of 4 has not been received");
        assertThat(uploaded(bytes)).isFalse();

        tokens.put(3, library.sendPart(upload, 3));
        Map<Integer, String> listed = new LinkedHashMap<>(tokens);
        listed.remove(4);
        assertThat(library.completeMultipart(upload, listed).expect(400).errorMessage()).contains("part 4");
        Map<Integer, String> wrongToken = new LinkedHashMap<>(tokens);
        wrongToken.put(2, "\"" + sha256(sif(5)) + "\"");
        assertThat(library.completeMultipart(upload, wrongToken).expect(400).errorMessage()).contains("ETag");

        library.completeMultipart(upload, tokens).expect(200);
        assertThat(uploaded(bytes)).isTrue();
    }

    @Test
    void anAbortedUploadCannotBeCompleted() {
        byte[] bytes = sif(2 * PART + 3);
        String imageId = announce(bytes);
        Multipart upload = library.startMultipart(imageId, bytes);
        Map<Integer, String> tokens = new LinkedHashMap<>();
        for (int n = 1; n <= upload.totalParts(); n++) {
            tokens.put(n, library.sendPart(upload, n));
        }

        library.abortMultipart(upload).expect(200);

        assertThat(library.completeMultipart(upload, tokens).expect(404).errorMessage()).contains(upload.uploadId());
        assertThat(library.requestPart(upload, 1, PART, "").status()).isEqualTo(404);
        assertThat(uploaded(bytes)).isFalse();
    }

    @Test
    void partsThatAssembleToOtherBytesThanTheImageHashAreRefused() {
        byte[] bytes = sif(2 * PART + 50);
        String imageId = announce(bytes);
        byte[] other = corrupt(bytes, PART + 7);
        Multipart upload = library.startMultipart(imageId, other);

        Map<Integer, String> tokens = new LinkedHashMap<>();
        for (int n = 1; n <= upload.totalParts(); n++) {
            tokens.put(n, library.sendPart(upload, n));
        }
        ApiClient.Reply complete = library.completeMultipart(upload, tokens).expect(400);
        assertThat(complete.errorMessage()).contains("sha256 mismatch").contains(TestImages.hashRef(bytes));
        assertThat(uploaded(bytes)).isFalse();

        // the client can push the right bytes afterwards
        Multipart retry = library.startMultipart(imageId, bytes);
        Map<Integer, String> right = new LinkedHashMap<>();
        for (int n = 1; n <= retry.totalParts(); n++) {
            right.put(n, library.sendPart(retry, n));
        }
        library.completeMultipart(retry, right).expect(200);
        assertThat(library.pull(witness.path() + ":" + TestImages.hashRef(bytes), "amd64")).isEqualTo(bytes);
    }

    @Test
    void theLegacyUploadRefusesBytesThatDoNotMatch() {
        byte[] bytes = sif(30_000);
        String imageId = announce(bytes);

        ApiClient.Reply post = api.send("POST", "v1/imagefile/" + imageId,
                BodyPublishers.ofByteArray(corrupt(bytes, 1)));
        assertThat(post.status()).isEqualTo(400);
        assertThat(post.errorMessage()).contains("sha256 mismatch");
        assertThat(uploaded(bytes)).isFalse();
    }
}
