package org.sregistry.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sregistry.account.Account;
import org.sregistry.account.Role;
import org.sregistry.collection.ContainerCollection;
import org.sregistry.container.Container;
import org.sregistry.namespace.Namespace;
import org.sregistry.registry.Digest;
import org.sregistry.signature.Verdict;
import org.sregistry.signature.Verification;

/** A recorded VALID verdict lapses when the first signer key expires, without verifying the image again. */
class ImageSignatureTest {

    static final String SIGNER = "A".repeat(40);

    Image image;

    @BeforeEach
    void setUp() {
        Account alice = new Account("alice", Role.USER, false);
        var collection = new ContainerCollection(new Namespace("alice", Namespace.Kind.USER, alice), "tools", false, alice);
        image = new Image(new Container(collection, "box"), new Digest("1".repeat(64)), null);
    }

    @Test
    void validUntilTheSignerKeyExpires() {
        Instant later = Instant.now().plusSeconds(3600);
        image.signatureVerified(new Verification(Verdict.VALID, List.of(SIGNER), null, later));
        assertThat(image.getSignatureVerdict()).isEqualTo(Verdict.VALID);
        assertThat(image.isSignedValid()).isTrue();
        assertThat(image.getSigners()).containsExactly(SIGNER);
        assertThat(image.getSignatureReason()).isNull();
        assertThat(image.getSignatureExpiresAt()).isEqualTo(later);
    }

    @Test
    void anExpiredSignerKeyMakesItUnknownKey() {
        Instant past = Instant.now().minusSeconds(1);
        image.signatureVerified(new Verification(Verdict.VALID, List.of(SIGNER), null, past));
        assertThat(image.getSignatureVerdict()).isEqualTo(Verdict.UNKNOWN_KEY);
        assertThat(image.isSignedValid()).isFalse();
        assertThat(image.getSigners()).isEmpty();
        assertThat(image.getSignatureReason()).isEqualTo("the signer's key " + SIGNER + " expired at " + past);
    }

    @Test
    void noExpiryIsKeptForVerdictsOtherThanValid() {
        image.signatureVerified(new Verification(Verdict.INVALID, List.of(), "changed", Instant.now().minusSeconds(5)));
        assertThat(image.getSignatureExpiresAt()).isNull();
        assertThat(image.getSignatureVerdict()).isEqualTo(Verdict.INVALID);
        assertThat(image.getSignatureReason()).isEqualTo("changed");
        image.signatureVerified(new Verification(Verdict.VALID, List.of(SIGNER), null));
        assertThat(image.getSignatureExpiresAt()).isNull();
        assertThat(image.isSignedValid()).isTrue();
    }
}
