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
import org.bouncycastle.openpgp.PGPPublicKeyRing;
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
    }

    private static void run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + out);
    }

    private static Verification verify(Path file, Function<String, Optional<PGPPublicKeyRing>> keys) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return SifVerifier.verify(channel, SifFile.read(channel), keys);
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
}
