package org.sregistry.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.sregistry.registry.Digest;

class UploadPartTest {

    final UploadSession session = new UploadSession(UploadSessionTest.image(), true, 3 * UploadSessionTest.MIB,
            UploadSessionTest.MIB, Instant.MAX);

    @Test
    void aHashedPartIsAnsweredWithItsSha256() {
        UploadPart part = new UploadPart(session, 1, UploadSessionTest.MIB);
        assertThat(part.isReceived()).isFalse();
        part.received(new Digest("ab".repeat(32)));
        assertThat(part.isReceived()).isTrue();
        assertThat(part.getSha256()).isEqualTo("ab".repeat(32));
        assertThat(part.etag()).isEqualTo("\"" + "ab".repeat(32) + "\"");
    }

    @Test
    void aPartNotHashedOnItsOwnGetsATokenOfItsOwnEachTimeItArrives() {
        UploadPart part = new UploadPart(session, 2, UploadSessionTest.MIB);
        part.received(null);
        assertThat(part.isReceived()).isTrue();
        assertThat(part.getSha256()).isNull();
        String first = part.etag();
        assertThat(first).matches("\"[0-9a-f]{24}\"");
        part.received(null);
        assertThat(part.etag()).as("sent again: the token of the bytes that arrived last").isNotEqualTo(first);
    }
}
