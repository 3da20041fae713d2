package org.sregistry.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.KeyFlags;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.RSAKeyPairGenerator;
import org.bouncycastle.crypto.params.RSAKeyGenerationParameters;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPKeyPair;
import org.bouncycastle.openpgp.PGPKeyRingGenerator;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketGenerator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentSignerBuilder;
import org.bouncycastle.openpgp.operator.bc.BcPGPDigestCalculatorProvider;
import org.bouncycastle.openpgp.operator.bc.BcPGPKeyPair;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sregistry.sif.SifFile;

/**
 * Signatures made at test time by the real signer ({@code libclient sign}: Debian's sif 2.8.3
 * {@code pkg/integrity}, as {@code apptainer sign}) on SIFs made by the shared {@code mksif.sh}.
 * Skipped when libclient (env or system property {@code LIBCLIENT}, as scripts/test-all.sh sets
 * it) or mksif.sh ({@code SHARED_DIR}) is missing.
 */
class SifVerifierTest {

    @TempDir
    static Path dir;

    static Path signed;
    static Path unsigned;
    static PGPPublicKeyRing alice;
    static PGPPublicKeyRing bob;
    static String aliceFingerprint;
    /** Carol's key, made two hours ago, certified valid for a day (signed byExpiring) or for an hour. */
    static PGPKeyPair carol;
    static Path byExpiring;

    @BeforeAll
    static void makeImages() throws Exception {
        String libclient = System.getProperty("LIBCLIENT", System.getenv("LIBCLIENT"));
        assumeTrue(libclient != null && Files.isExecutable(Path.of(libclient)),
                "libclient not found: set LIBCLIENT (scripts/test-all.sh builds it)");
        Path shared = Path.of(System.getenv().getOrDefault("SHARED_DIR", "../../shared"));
        Path mksif = shared.resolve("libclient/mksif.sh").toAbsolutePath().normalize();
        assumeTrue(Files.isExecutable(mksif), "mksif.sh not found at " + mksif);

        run(Map.of(), libclient, "keygen", "Alice", "alice@example.org", dir.resolve("alice").toString());
        run(Map.of(), libclient, "keygen", "Bob", "bob@example.org", dir.resolve("bob").toString());
        unsigned = dir.resolve("u.sif");
        run(Map.of("SIF_GROUP", "1"), mksif.toString(), unsigned.toString(), "1M", "unsigned");
        signed = dir.resolve("s.sif");
        run(Map.of("SIF_GROUP", "1"), mksif.toString(), signed.toString(), "1M", "signed");
        run(Map.of(), libclient, "sign", signed.toString(), dir.resolve("alice.sec.asc").toString());
        alice = SignatureService.ring(Files.readString(dir.resolve("alice.pub.asc")));
        bob = SignatureService.ring(Files.readString(dir.resolve("bob.pub.asc")));
        aliceFingerprint = HexFormat.of().withUpperCase().formatHex(alice.getPublicKey().getFingerprint());

        // libclient keygen makes keys that never expire: BouncyCastle makes Carol's, libclient signs with it
        carol = new BcPGPKeyPair(PublicKeyAlgorithmTags.RSA_GENERAL, rsa(), Date.from(CAROL_CREATED));
        Path carolSecret = dir.resolve("carol.sec.asc");
        Files.write(carolSecret, armored(carolRing(DAY).generateSecretKeyRing().getEncoded()));
        byExpiring = dir.resolve("c.sif");
        run(Map.of("SIF_GROUP", "1"), mksif.toString(), byExpiring.toString(), "1M", "carol");
        run(Map.of(), libclient, "sign", byExpiring.toString(), carolSecret.toString());
    }

    static final long DAY = 86_400;
    static final Instant CAROL_CREATED = Instant.now().minusSeconds(7200).truncatedTo(ChronoUnit.SECONDS);

    /** Carol's key with one self-certification that makes it valid {@code seconds} after its creation. */
    static PGPKeyRingGenerator carolRing(long seconds) throws PGPException {
        var hashed = new PGPSignatureSubpacketGenerator();
        hashed.setKeyFlags(false, KeyFlags.SIGN_DATA | KeyFlags.CERTIFY_OTHER);
        hashed.setKeyExpirationTime(false, seconds);
        hashed.setPreferredHashAlgorithms(false, new int[] {HashAlgorithmTags.SHA256});
        return new PGPKeyRingGenerator(PGPSignature.POSITIVE_CERTIFICATION, carol, "Carol <carol@example.org>",
                new BcPGPDigestCalculatorProvider().get(HashAlgorithmTags.SHA1), hashed.generate(), null,
                new BcPGPContentSignerBuilder(PublicKeyAlgorithmTags.RSA_GENERAL, HashAlgorithmTags.SHA256), null);
    }

    private static AsymmetricCipherKeyPair rsa() {
        var generator = new RSAKeyPairGenerator();
        generator.init(new RSAKeyGenerationParameters(BigInteger.valueOf(0x10001), new SecureRandom(), 2048, 12));
        return generator.generateKeyPair();
    }

    private static byte[] armored(byte[] encoded) throws IOException {
        var out = new ByteArrayOutputStream();
        try (var armor = ArmoredOutputStream.builder().clearHeaders().build(out)) {
            armor.write(encoded);
        }
        return out.toByteArray();
    }

    private static void run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    private static Verification verify(Path file, Function<String, Optional<PGPPublicKeyRing>> keys) throws IOException {
        return verify(file, keys, Instant.now());
    }

    private static Verification verify(Path file, Function<String, Optional<PGPPublicKeyRing>> keys, Instant now)
            throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SifVerifier.verify(channel, SifFile.read(channel), keys, now);
        }
    }

    private static Function<String, Optional<PGPPublicKeyRing>> keystore(PGPPublicKeyRing ring) {
        String fp = HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
        return f -> f.equals(fp) ? Optional.of(ring) : Optional.empty();
    }

    /** A copy of the signed image with one byte at {@code at} changed. */
    private static Path tampered(String name, long at) throws IOException {
        Path copy = dir.resolve(name);
        Files.copy(signed, copy, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, at);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, at);
        }
        return copy;
    }

    @Test
    void validSignatureWithTheSignersKey() throws IOException {
        Verification v = verify(signed, keystore(alice));
        assertEquals(Verdict.VALID, v.verdict(), v.reason());
        assertEquals(List.of(aliceFingerprint), v.fingerprints());
        assertNull(v.reason());
    }

    @Test
    void unsignedImage() throws IOException {
        Verification v = verify(unsigned, keystore(alice));
        assertEquals(Verdict.UNSIGNED, v.verdict());
        assertTrue(v.fingerprints().isEmpty());
    }

    @Test
    void signerNotInTheKeystoreIsUnknownKey() throws IOException {
        Verification v = verify(signed, keystore(bob));
        assertEquals(Verdict.UNKNOWN_KEY, v.verdict());
        assertTrue(v.reason().contains(aliceFingerprint), v.reason());
        assertTrue(v.fingerprints().isEmpty());
    }

    @Test
    void partitionDataChangedAfterSigningIsInvalid() throws IOException {
        // mksif.sh puts the partition (object 1) at offset 32768
        Verification v = verify(tampered("data.sif", 32768 + 4096), keystore(alice));
        assertEquals(Verdict.INVALID, v.verdict());
        assertTrue(v.reason().contains("data of object 1 changed"), v.reason());
    }

    @Test
    void descriptorChangedAfterSigningIsInvalid() throws IOException {
        SifFile sif = SifFile.read(signed);
        // a byte of the first descriptor's name (offset 73 in the packed descriptor)
        Verification v = verify(tampered("descr.sif", sif.header().descriptorsOffset() + 73 + 3), keystore(alice));
        assertEquals(Verdict.INVALID, v.verdict());
        assertTrue(v.reason().contains("descriptor of object 1 changed"), v.reason());
    }

    @Test
    void headerChangedAfterSigningIsInvalid() throws IOException {
        // a byte of the SIF UUID (offset 48), which the signature protects
        Verification v = verify(tampered("header.sif", 50), keystore(alice));
        assertEquals(Verdict.INVALID, v.verdict());
        assertTrue(v.reason().contains("header changed"), v.reason());
    }

    @Test
    void anotherKeyUnderTheSignersFingerprintDoesNotVerify() throws IOException {
        Verification v = verify(signed, f -> Optional.of(bob));
        assertEquals(Verdict.INVALID, v.verdict());
    }

    @Test
    void alteredSignatureTextIsInvalid() throws IOException {
        SifFile sif = SifFile.read(signed);
        var sig = sif.signatures().get(0);
        // inside the signed JSON: the first digest's hex starts 90 bytes or so into the message
        String text = new String(Files.readAllBytes(signed), java.nio.charset.StandardCharsets.ISO_8859_1)
                .substring((int) sig.offset(), (int) (sig.offset() + sig.size()));
        int at = text.indexOf("sha256:") + 10;
        Verification v = verify(tampered("sig.sif", sig.offset() + at), keystore(alice));
        assertEquals(Verdict.INVALID, v.verdict());
        assertTrue(v.reason().contains("does not verify"), v.reason());
    }

    @Test
    void keyThatNeverExpiresGivesNoExpiry() throws IOException {
        assertNull(verify(signed, keystore(alice)).expiresAt());
    }

    @Test
    void signatureByAnUnexpiredKeyIsValidUntilTheKeyExpires() throws Exception {
        PGPPublicKeyRing ring = carolRing(DAY).generatePublicKeyRing();
        Verification v = verify(byExpiring, keystore(ring));
        assertEquals(Verdict.VALID, v.verdict(), v.reason());
        assertEquals(CAROL_CREATED.plusSeconds(DAY), v.expiresAt());
        assertEquals(CAROL_CREATED.plusSeconds(DAY), SifVerifier.expiry(ring.getPublicKey()));
    }

    @Test
    void keyExpiredSinceSigningIsUnknownKey() throws Exception {
        PGPPublicKeyRing ring = carolRing(DAY).generatePublicKeyRing();
        String fp = HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
        // the same image and key, judged two days after the key was made: it expired after the signature
        Verification v = verify(byExpiring, keystore(ring), CAROL_CREATED.plusSeconds(2 * DAY));
        assertEquals(Verdict.UNKNOWN_KEY, v.verdict());
        assertEquals("the signer's key " + fp + " expired at " + CAROL_CREATED.plusSeconds(DAY), v.reason());
        assertTrue(v.fingerprints().isEmpty());
        // a second before it expires, it still counts
        assertEquals(Verdict.VALID, verify(byExpiring, keystore(ring), CAROL_CREATED.plusSeconds(DAY - 1)).verdict());
    }

    @Test
    void signatureMadeAfterTheKeyExpiredIsInvalid() throws Exception {
        // the same key material certified for one hour only: it expired an hour before libclient signed
        PGPPublicKeyRing ring = carolRing(3600).generatePublicKeyRing();
        String fp = HexFormat.of().withUpperCase().formatHex(ring.getPublicKey().getFingerprint());
        Verification v = verify(byExpiring, keystore(ring));
        assertEquals(Verdict.INVALID, v.verdict());
        assertTrue(v.reason().contains("after the signer's key " + fp + " expired at " + CAROL_CREATED.plusSeconds(3600)),
                v.reason());
        // and it stays INVALID whenever it is judged
        assertEquals(Verdict.INVALID, verify(byExpiring, keystore(ring), CAROL_CREATED.plusSeconds(60)).verdict());
    }
}
