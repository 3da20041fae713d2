package org.sregistry.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class DigestTest {

    @Test
    void formatsAsTheLibraryHash() throws Exception {
        byte[] sha = MessageDigest.getInstance("SHA-256").digest("abc".getBytes(StandardCharsets.US_ASCII));
        Digest d = Digest.of(sha);
        assertThat(d.ref()).isEqualTo("sha256.ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(Digest.parse(d.ref())).isEqualTo(d);
    }

    @Test
    void acceptsTheColonFormAndUppercaseHexFromUploads() {
        String hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        assertThat(Digest.parse("sha256:" + hex).hex()).isEqualTo(hex);
        assertThat(Digest.ofHex(hex.toUpperCase()).hex()).isEqualTo(hex);
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> Digest.parse("md5.abc")).isInstanceOf(RegistryException.class);
        assertThatThrownBy(() -> Digest.ofHex("zz")).hasMessageContaining("64 lowercase hex");
        assertThatThrownBy(() -> Digest.ofHex(null)).isInstanceOf(RegistryException.class);
    }
}
