package org.sregistry.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.junit.jupiter.api.Test;
import org.sregistry.registry.RegistryException;

/** Key parsing and checks with keys BouncyCastle makes in the test. */
class OpenPgpKeyTest {

    static final TestKeys.Pair ALICE = TestKeys.generate("Alice Tester <alice@example.org>",
            Date.from(Instant.parse("2026-11-01T10:00:00Z")));
    static final TestKeys.Pair BOB = TestKeys.generate("Bob Other <bob@example.org>");

    @Test
    void readsAnArmoredPublicKey() {
        OpenPgpKey key = OpenPgpKey.parse(ALICE.publicArmored());

        PGPPublicKey primary = ALICE.publicRing().getPublicKey();
        assertThat(key.fingerprint()).hasSize(40).isUpperCase().endsWith(String.format("%016X", primary.getKeyID()));
        assertThat(key.keyId()).isEqualTo(String.format("%016X", primary.getKeyID()));
        assertThat(key.keyIds()).hasSize(2).contains(key.keyId());
        assertThat(key.userIds()).containsExactly("Alice Tester <alice@example.org>");
        assertThat(key.algorithm()).isEqualTo(1);
        assertThat(key.bits()).isEqualTo(1024);
        assertThat(key.created()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(key.expires()).isEmpty();
        assertThat(key.revokedByHolder()).isFalse();
    }

    @Test
    void armorsWithoutHeadersAndReadsBackTheSameKey() {
        OpenPgpKey key = OpenPgpKey.parse(ALICE.publicArmored());
        String armored = key.armored();

        assertThat(armored).startsWith("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n").doesNotContain("Version:");
        assertThat(OpenPgpKey.parse(armored).fingerprint()).isEqualTo(key.fingerprint());
    }

    @Test
    void acceptsTheFormOfTheRealClientWithoutNewlineAfterTheEndLine() {
        String text = ALICE.publicArmored().strip();
        assertThat(OpenPgpKey.parse(text).userIds()).hasSize(1);
    }

    @Test
    void refusesSecretKeys() {
        assertThatThrownBy(() -> OpenPgpKey.parse(ALICE.secretArmored()))
                .isInstanceOf(RegistryException.class).hasMessageContaining("secret")
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.INVALID);
    }

    @Test
    void refusesSecretKeyPacketsInAPublicBlock() {
        String disguised = ALICE.secretArmored().replace("PRIVATE KEY BLOCK", "PUBLIC KEY BLOCK");
        assertThatThrownBy(() -> OpenPgpKey.parse(disguised)).hasMessageContaining("secret");
    }

    @Test
    void refusesTwoKeysInOneRequest() {
        assertThatThrownBy(() -> OpenPgpKey.parse(ALICE.publicArmored() + BOB.publicArmored()))
                .hasMessageContaining("one key per request (found 2)");
        byte[] both = concat(ALICE.publicRing(), BOB.publicRing());
        assertThatThrownBy(() -> OpenPgpKey.parse(TestKeys.armor(both, "PUBLIC")))
                .hasMessageContaining("one key per request (found 2)");
    }

    @Test
    void refusesGarbageBrokenArmorAndNothing() {
        assertThatThrownBy(() -> OpenPgpKey.parse("hello")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("not an ASCII-armored OpenPGP public key");
        assertThatThrownBy(() -> OpenPgpKey.parse("")).hasMessageContaining("keytext is required");
        assertThatThrownBy(() -> OpenPgpKey.parse(null)).hasMessageContaining("keytext is required");
        String garbage = "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5IGF0IGFsbA==\n=AAAA\n"
                + "-----END PGP PUBLIC KEY BLOCK-----\n";
        assertThatThrownBy(() -> OpenPgpKey.parse(garbage)).isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).reason()).isEqualTo(RegistryException.Reason.INVALID);
        String armored = ALICE.publicArmored();
        int middle = armored.indexOf("\n\n") + 40;
        String flipped = armored.substring(0, middle) + (armored.charAt(middle) == 'A' ? 'B' : 'A')
                + armored.substring(middle + 1);
        assertThatThrownBy(() -> OpenPgpKey.parse(flipped)).isInstanceOf(RegistryException.class);
    }

    @Test
    void refusesAKeyWithoutASelfCertifiedUserId() throws Exception {
        PGPPublicKey primary = ALICE.publicRing().getPublicKey();
        PGPPublicKey stripped = PGPPublicKey.removeCertification(primary, "Alice Tester <alice@example.org>");
        PGPPublicKeyRing ring = PGPPublicKeyRing.insertPublicKey(ALICE.publicRing(), stripped);
        assertThatThrownBy(() -> OpenPgpKey.parse(TestKeys.armor(ring.getEncoded(true), "PUBLIC")))
                .hasMessageContaining("no user id with a valid self-signature");
    }

    @Test
    void userIdsCertifiedByAnotherKeyAreNotTheKeys() throws Exception {
        // Bob certifies a user id on Alice's key: not a self-signature, so not searchable
        PGPPublicKey primary = ALICE.publicRing().getPublicKey();
        PGPPrivateKey bob = BOB.secretRing().getSecretKey()
                .extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(new char[0]));
        var generator = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL,
                HashAlgorithmTags.SHA256), BOB.publicRing().getPublicKey());
        generator.init(PGPSignature.CASUAL_CERTIFICATION, bob);
        PGPSignature forged = generator.generateCertification("Mallory <m@example.org>", primary);
        PGPPublicKey withForged = PGPPublicKey.addCertification(primary, "Mallory <m@example.org>", forged);
        PGPPublicKeyRing ring = PGPPublicKeyRing.insertPublicKey(ALICE.publicRing(), withForged);

        OpenPgpKey key = OpenPgpKey.parse(TestKeys.armor(ring.getEncoded(true), "PUBLIC"));
        assertThat(key.userIds()).containsExactly("Alice Tester <alice@example.org>");
    }

    @Test
    void mergingAddsNewUserIdsOfTheSameKey() throws Exception {
        TestKeys.Pair pair = TestKeys.generate("Carol <carol@example.org>");
        PGPPrivateKey carol = pair.secretRing().getSecretKey()
                .extractPrivateKey(new BcPBESecretKeyDecryptorBuilder(new BcPGPDigestCalculatorProvider()).build(new char[0]));
        PGPPublicKey primary = pair.publicRing().getPublicKey();
        var generator = new PGPSignatureGenerator(new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL,
                HashAlgorithmTags.SHA256), primary);
        generator.init(PGPSignature.POSITIVE_CERTIFICATION, carol);
        PGPSignature self = generator.generateCertification("Carol Work <carol@work.example>", primary);
        PGPPublicKeyRing newer = PGPPublicKeyRing.insertPublicKey(pair.publicRing(),
                PGPPublicKey.addCertification(primary, "Carol Work <carol@work.example>", self));

        OpenPgpKey stored = OpenPgpKey.parse(pair.publicArmored());
        OpenPgpKey merged = stored.merge(OpenPgpKey.parse(TestKeys.armor(newer.getEncoded(true), "PUBLIC")));

        assertThat(merged.fingerprint()).isEqualTo(stored.fingerprint());
        assertThat(merged.userIds()).containsExactlyInAnyOrder("Carol <carol@example.org>", "Carol Work <carol@work.example>");
        assertThat(OpenPgpKey.parse(merged.armored()).userIds()).hasSize(2);
        assertThatThrownBy(() -> stored.merge(OpenPgpKey.parse(BOB.publicArmored())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void armorsSeveralKeysInOneBlock() {
        String both = OpenPgpKey.armor(List.of(OpenPgpKey.parse(ALICE.publicArmored()),
                OpenPgpKey.parse(BOB.publicArmored())));
        assertThat(both.split("-----BEGIN PGP PUBLIC KEY BLOCK-----", -1)).hasSize(2);
        assertThatThrownBy(() -> OpenPgpKey.parse(both)).hasMessageContaining("found 2");
    }

    private static byte[] concat(PGPPublicKeyRing a, PGPPublicKeyRing b) {
        try {
            var out = new ByteArrayOutputStream();
            out.write(a.getEncoded(true));
            out.write(b.getEncoded(true));
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
