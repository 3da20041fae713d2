package org.sregistry.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.sregistry.registry.Digest;

class RunningHashesTest {

    final RunningHashes hashes = new RunningHashes();

    private void feed(String session, int part, String text) {
        MessageDigest sha = hashes.claim(session, part);
        if (sha != null) {
            sha.update(text.getBytes(StandardCharsets.US_ASCII));
            hashes.advanced(session, part);
        }
    }

    @Test
    void partsInOrderGiveTheWholeDigest() throws Exception {
        feed("s", 1, "ab");
        feed("s", 2, "c");
        Digest expected = Digest.of(MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.US_ASCII)));
        assertThat(hashes.finish("s", 2)).contains(expected);
    }

    @Test
    void aPartOutOfOrderGivesUpTheRunningHash() {
        feed("s", 1, "ab");
        assertThat(hashes.claim("s", 3)).isNull();
        feed("s", 2, "c");
        assertThat(hashes.finish("s", 3)).isEmpty();
    }

    @Test
    void aPartSentAgainGivesUpTheRunningHash() {
        feed("s", 1, "ab");
        assertThat(hashes.claim("s", 1)).as("its bytes may differ from what was hashed").isNull();
        feed("s", 2, "c");
        assertThat(hashes.finish("s", 2)).isEmpty();
    }

    @Test
    void aFailedPartBreaksTheRunningHash() {
        hashes.claim("s", 1);
        hashes.broken("s");
        assertThat(hashes.claim("s", 2)).isNull();
        assertThat(hashes.finish("s", 2)).isEmpty();
    }

    @Test
    void missingPartsGiveNoDigest() {
        feed("s", 1, "ab");
        assertThat(hashes.finish("s", 2)).isEmpty();
    }
}
