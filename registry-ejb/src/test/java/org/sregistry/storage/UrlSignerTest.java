package org.sregistry.storage;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UrlSignerTest {

    final UrlSigner signer = new UrlSigner("secret".getBytes(StandardCharsets.UTF_8));
    final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    final long later = now.getEpochSecond() + 3600;

    @Test
    void aSignedCurrentUrlPasses() {
        String sig = signer.sign("v1/blobs/x", later);
        assertThatCode(() -> signer.verify("v1/blobs/x", Long.toString(later), sig, now)).doesNotThrowAnyException();
    }

    @Test
    void anotherPathOrExpiryOrKeyFails() {
        String sig = signer.sign("v1/blobs/x", later);
        assertThatThrownBy(() -> signer.verify("v1/blobs/y", Long.toString(later), sig, now)).hasMessageContaining("not valid");
        assertThatThrownBy(() -> signer.verify("v1/blobs/x", Long.toString(later + 1), sig, now)).hasMessageContaining("not valid");
        UrlSigner other = new UrlSigner("other".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> other.verify("v1/blobs/x", Long.toString(later), sig, now)).hasMessageContaining("not valid");
    }

    @Test
    void anExpiredOrUnsignedUrlFails() {
        String sig = signer.sign("p", now.getEpochSecond() - 1);
        assertThatThrownBy(() -> signer.verify("p", Long.toString(now.getEpochSecond() - 1), sig, now)).hasMessageContaining("expired");
        assertThatThrownBy(() -> signer.verify("p", null, null, now)).hasMessageContaining("not signed");
        assertThatThrownBy(() -> signer.verify("p", "soon", sig, now)).hasMessageContaining("not signed");
    }
}
