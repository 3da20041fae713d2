package org.sregistry.keystore;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;

/** Key pairs made with BouncyCastle for the tests: RSA, one self-certified user id, an encryption subkey. */
final class TestKeys {

    private TestKeys() {}

    record Pair(PGPPublicKeyRing publicRing, PGPSecretKeyRing secretRing) {

        String publicArmored() {
            try {
                return armor(publicRing.getEncoded(true), "PUBLIC");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String secretArmored() {
            try {
                return armor(secretRing.getEncoded(), "PRIVATE");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static Pair generate(String userId) {
        return generate(userId, new Date());
    }

    static Pair generate(String userId, Date created) {
        try {
            PGPKeyPair primary = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa(), created);
            PGPKeyPair sub = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa(), created);
            var generator = new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, primary, userId,
                    new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), null, null,
                    new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), null);
            generator.addSubKey(sub);
            return new Pair(generator.generatePublicKeyRing(), generator.generateSecretKeyRing());
        } catch (PGPException e) {
            throw new IllegalStateException(e);
        }
    }

    private static AsymmetricCipherKeyPair rsa() {
        var generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 1024, 12));
        return generator.generateKeyPair();
    }

    static String armor(byte[] bytes, String kind) {
        // apptainer's shape: no armor headers; the block type comes from the first packet
        var out = new ByteArrayOutputStream();
        try (var armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armor.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String text = out.toString(StandardCharsets.US_ASCII);
        if (!text.contains("PGP " + kind + " KEY BLOCK")) {
            throw new IllegalStateException("expected a " + kind + " key block: " + text.lines().findFirst().orElse(""));
        }
        return text;
    }
}
