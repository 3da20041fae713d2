package org.sregistry.signature;

import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.sregistry.sif.SifDescriptor;
import org.sregistry.sif.SifFile;
import org.sregistry.sif.SifHeader;

/**
 * Verifies the signatures of a SIF file as {@code apptainer verify} does (github.com/sylabs/sif/v2
 * 2.8, {@code pkg/integrity}), natively and against a given set of trusted keys.
 *
 * <p>{@code apptainer sign} signs each object group: it adds a signature object linked to the
 * group whose data is an OpenPGP clear-signed message. Its plaintext is JSON image metadata: a
 * digest of the integrity-protected header fields and, per object of the group (by id relative to
 * the group's smallest id), a digest of the integrity-protected descriptor fields and one of the
 * object's bytes. The descriptor carries the signer's primary key fingerprint. Verifying means:
 * the message verifies with that key, the group's objects are exactly the signed ones, and every
 * digest matches the file as it is now. Like {@code apptainer verify}, an object outside every
 * group or a group without a signature fails the whole image, since no signature covers it.
 *
 * <p>Legacy signatures (plaintext {@code SIFHASH:}, singularity before 3.6) and per-object
 * signatures are reported INVALID as unsupported. Pure: the caller supplies the file, its parsed
 * structure (bounds already checked by {@link SifFile#read}) and the keys.
 */
public final class SifVerifier {

    /** Signature objects larger than this are not read (a clear-signed metadata message is a few KiB). */
    static final int MAX_SIGNATURE_SIZE = 1 << 20;

    private static final String BEGIN_SIGNED = "-----BEGIN PGP SIGNED MESSAGE-----";
    private static final String BEGIN_SIGNATURE = "-----BEGIN PGP SIGNATURE-----";
    private static final Set<Integer> ACCEPTED_HASHES = Set.of(HashAlgorithmTags.SHA224, HashAlgorithmTags.SHA256,
            HashAlgorithmTags.SHA384, HashAlgorithmTags.SHA512);
    private static final Map<String, String> DIGESTS = Map.of("sha224", "SHA-224", "sha256", "SHA-256", "sha384",
            "SHA-384", "sha512", "SHA-512", "sha512_224", "SHA-512/224", "sha512_256", "SHA-512/256");

    private SifVerifier() {}

    /** A verification failure of one signature: the verdict it leads to and why. */
    private static final class Failure extends Exception {
        final Verdict verdict;

        Failure(Verdict verdict, String message) {
            super(message, null, false, false);
            this.verdict = verdict;
        }
    }

    /**
     * Verifies every signature of {@code sif}, read from {@code channel}. {@code keys} answers the
     * trusted key of a fingerprint (40 hex, upper case), empty when the keystore does not serve it.
     */
    public static Verification verify(FileChannel channel, SifFile sif,
            Function<String, Optional<PGPPublicKeyRing>> keys) throws IOException {
        return verify(channel, sif, keys, Instant.now());
    }

    /**
     * As {@link #verify(FileChannel, SifFile, Function)}, with key expiry judged at {@code now}: a
     * signature made after its key (primary key, or the subkey that made it) expired is INVALID; a
     * key that has expired since counts as no longer trusted (UNKNOWN_KEY). A VALID verification
     * carries the earliest expiry of its signers' keys, when it lapses.
     */
    public static Verification verify(FileChannel channel, SifFile sif,
            Function<String, Optional<PGPPublicKeyRing>> keys, Instant now) throws IOException {
        List<SifDescriptor> signatures = sif.signatures();
        if (signatures.isEmpty()) {
            return Verification.unsigned();
        }
        Map<Integer, ByteBuffer> raw = rawDescriptors(channel, sif.header());
        Set<String> signers = new TreeSet<>();
        Instant expiresAt = null;
        String unknown = null;
        try {
            requireCoverage(sif);
            for (SifDescriptor signature : signatures) {
                try {
                    Signer signer = verifySignature(channel, sif, raw, signature, keys, now);
                    signers.add(signer.fingerprint());
                    if (signer.expiresAt() != null && (expiresAt == null || signer.expiresAt().isBefore(expiresAt))) {
                        expiresAt = signer.expiresAt();
                    }
                } catch (Failure f) {
                    if (f.verdict == Verdict.INVALID) {
                        throw f;
                    }
                    unknown = unknown != null ? unknown : f.getMessage();
                }
            }
        } catch (Failure f) {
            return Verification.invalid(f.getMessage());
        }
        return unknown != null ? Verification.unknownKey(unknown) : Verification.valid(List.copyOf(signers), expiresAt);
    }

    /** Every non-signature object must lie in a group, and every group must have a signature. */
    private static void requireCoverage(SifFile sif) throws Failure {
        Set<Integer> signedGroups = new HashSet<>();
        for (SifDescriptor s : sif.signatures()) {
            if (s.linksGroup()) {
                signedGroups.add(s.linkedId());
            }
        }
        for (SifDescriptor d : sif.descriptors()) {
            if (d.dataType() == SifDescriptor.SIGNATURE) {
                continue;
            }
            if (d.groupId() == 0) {
                throw new Failure(Verdict.INVALID, "object " + Integer.toUnsignedString(d.id())
                        + " is in no object group, so no signature covers it");
            }
            if (!signedGroups.contains(d.groupId())) {
                throw new Failure(Verdict.INVALID, "object group " + d.groupId() + " is not signed");
            }
        }
    }

    /** A signer whose signature verified: its fingerprint and when its key expires (null: never). */
    private record Signer(String fingerprint, Instant expiresAt) {}

    /** Verifies one group signature; answers the signer. */
    private static Signer verifySignature(FileChannel channel, SifFile sif, Map<Integer, ByteBuffer> raw,
            SifDescriptor sig, Function<String, Optional<PGPPublicKeyRing>> keys, Instant now) throws IOException, Failure {
        String which = "signature object " + Integer.toUnsignedString(sig.id());
        if (sig.size() > MAX_SIGNATURE_SIZE) {
            throw new Failure(Verdict.INVALID, which + " is larger than " + MAX_SIGNATURE_SIZE + " bytes");
        }
        ClearSigned message = ClearSigned.parse(read(channel, sig.offset(), (int) sig.size()), which);
        if (message.plaintext().startsWith("SIFHASH:\n")) {
            throw new Failure(Verdict.INVALID, which + " is a legacy (SIFHASH) signature, which is not supported;"
                    + " sign the image again with a current apptainer");
        }
        if (!sig.linksGroup()) {
            throw new Failure(Verdict.INVALID, which + " signs a single object, which is not supported");
        }
        String fingerprint = sig.signature() == null ? null : sig.signature().fingerprint();
        if (fingerprint == null) {
            throw new Failure(Verdict.INVALID, which + " names no signer fingerprint");
        }
        PGPPublicKeyRing ring = keys.apply(fingerprint).orElseThrow(() -> new Failure(Verdict.UNKNOWN_KEY,
                "the signer's key " + fingerprint + " is not in this registry's keystore (or was revoked)"));
        PGPSignature signature = message.signature();
        if (!ACCEPTED_HASHES.contains(signature.getHashAlgorithm())) {
            throw new Failure(Verdict.INVALID, which + " uses hash algorithm " + signature.getHashAlgorithm()
                    + ", which apptainer does not accept");
        }
        PGPPublicKey key = ring.getPublicKey(signature.getKeyID());
        if (key == null) {
            throw new Failure(Verdict.INVALID, which + " was made by key ID " + String.format("%016X", signature.getKeyID())
                    + ", which is not part of key " + fingerprint + " named in its descriptor");
        }
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), key);
            signature.update(message.signedBytes());
            if (!signature.verify()) {
                throw new Failure(Verdict.INVALID, which + ": the OpenPGP signature does not verify with key "
                        + fingerprint);
            }
        } catch (PGPException e) {
            throw new Failure(Verdict.INVALID, which + ": the OpenPGP signature cannot be checked: " + e.getMessage());
        }
        Instant expiresAt = earlier(expiry(ring.getPublicKey()), key == ring.getPublicKey() ? null : expiry(key));
        Instant made = signature.getCreationTime().toInstant();
        if (expiresAt != null && !made.isBefore(expiresAt)) {
            throw new Failure(Verdict.INVALID, which + " was made at " + made + ", after the signer's key " + fingerprint
                    + " expired at " + expiresAt);
        }
        matchMetadata(channel, sif, raw, sig.linkedId(), metadata(message.plaintext(), which), which);
        if (expiresAt != null && !now.isBefore(expiresAt)) {
            throw new Failure(Verdict.UNKNOWN_KEY, "the signer's key " + fingerprint + " expired at " + expiresAt);
        }
        return new Signer(fingerprint, expiresAt);
    }

    /** When {@code key} expires by its latest self-signature; null when it does not. */
    static Instant expiry(PGPPublicKey key) {
        long seconds = key.getValidSeconds();
        return seconds <= 0 ? null : key.getCreationTime().toInstant().plusSeconds(seconds);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }

    /** The signed image metadata: header digest and per-object digests by relative id. */
    private record Metadata(Digest header, Map<Long, Digest[]> objects) {}

    private record Digest(String algorithm, String name, byte[] value) {}

    private static Metadata metadata(String plaintext, String which) throws Failure {
        try (var reader = Json.createReader(new StringReader(plaintext))) {
            JsonObject json = reader.readObject();
            if (json.getInt("version", 0) != 1) {
                throw new Failure(Verdict.INVALID, which + ": metadata version " + json.get("version")
                        + " is not supported (only 1)");
            }
            Digest header = digest(json.getJsonObject("header").getString("digest"), which);
            Map<Long, Digest[]> objects = new HashMap<>();
            for (JsonValue v : json.getJsonArray("objects")) {
                JsonObject o = v.asJsonObject();
                long relative = ((JsonNumber) o.get("relativeId")).longValueExact();
                Digest[] digests = {digest(o.getString("descriptorDigest"), which), digest(o.getString("objectDigest"), which)};
                if (relative < 0 || relative > 0xffffffffL || objects.put(relative, digests) != null) {
                    throw new Failure(Verdict.INVALID, which + ": metadata lists relative object id " + relative
                            + " twice or out of range");
                }
            }
            return new Metadata(header, objects);
        } catch (JsonException | ClassCastException | NullPointerException | ArithmeticException e) {
            throw new Failure(Verdict.INVALID, which + ": the signed metadata is not the JSON apptainer writes ("
                    + e.getMessage() + ")");
        }
    }

    private static Digest digest(String text, String which) throws Failure {
        String[] parts = text.split(":", -1);
        String algorithm = parts.length == 2 ? DIGESTS.get(parts[0]) : null;
        if (algorithm == null) {
            throw new Failure(Verdict.INVALID, which + ": digest '" + text + "' is malformed or of an unsupported hash");
        }
        try {
            byte[] value = HexFormat.of().parseHex(parts[1]);
            if (value.length != MessageDigest.getInstance(algorithm).getDigestLength()) {
                throw new Failure(Verdict.INVALID, which + ": digest '" + text + "' has the wrong length");
            }
            return new Digest(algorithm, parts[0], value);
        } catch (IllegalArgumentException | NoSuchAlgorithmException e) {
            throw new Failure(Verdict.INVALID, which + ": digest '" + text + "' is malformed");
        }
    }

    /**
     * The group's objects must be exactly the signed ones, and the header, each descriptor's
     * protected fields and each object's bytes must hash to the signed digests.
     */
    private static void matchMetadata(FileChannel channel, SifFile sif, Map<Integer, ByteBuffer> raw, int group,
            Metadata metadata, String which) throws IOException, Failure {
        List<SifDescriptor> objects = sif.descriptors().stream().filter(d -> d.groupId() == group).toList();
        if (objects.isEmpty()) {
            throw new Failure(Verdict.INVALID, which + " signs object group " + group + ", which does not exist");
        }
        long minId = objects.stream().mapToLong(d -> Integer.toUnsignedLong(d.id())).min().orElseThrow();
        Set<Long> signed = new HashSet<>(metadata.objects().keySet());
        for (SifDescriptor d : objects) {
            long relative = Integer.toUnsignedLong(d.id()) - minId;
            if (!signed.remove(relative)) {
                throw new Failure(Verdict.INVALID, "object " + Integer.toUnsignedString(d.id()) + " of group " + group
                        + " was added after signing (" + which + " does not cover it)");
            }
        }
        if (!signed.isEmpty()) {
            throw new Failure(Verdict.INVALID, "an object " + which + " covers was removed from group " + group);
        }
        ByteBuffer header = read(channel, 0, SifHeader.SIZE);
        if (!matches(metadata.header(), header.array(), 0, 45, header.array(), 48, 64)) {
            throw new Failure(Verdict.INVALID, "the SIF header changed after signing (" + which + ")");
        }
        for (SifDescriptor d : objects) {
            long relative = Integer.toUnsignedLong(d.id()) - minId;
            Digest[] expected = metadata.objects().get(relative);
            byte[] protectedFields = integrityFields(raw.get(d.id()), (int) relative);
            if (!matches(expected[0], protectedFields, 0, protectedFields.length, null, 0, 0)) {
                throw new Failure(Verdict.INVALID, "the descriptor of object " + Integer.toUnsignedString(d.id())
                        + " changed after signing (" + which + ")");
            }
            if (!Arrays.equals(hash(expected[1].algorithm(), channel, d.offset(), d.size()), expected[1].value())) {
                throw new Failure(Verdict.INVALID, "the data of object " + Integer.toUnsignedString(d.id())
                        + " changed after signing (" + which + ")");
            }
        }
    }

    /**
     * The integrity-protected fields of a packed descriptor in the order and layout of the
     * reference's {@code Descriptor.GetIntegrityReader}: data type, used flag, the id relative to
     * the group's smallest id, linked id (with its group bit), size, creation time, uid, gid (all
     * little-endian), then the 128-byte name and the 384-byte type-specific data. The absolute id,
     * group, offsets, padded size and modification time are left out, so that objects can move.
     */
    static byte[] integrityFields(ByteBuffer d, int relativeId) {
        ByteBuffer out = ByteBuffer.allocate(4 + 1 + 4 + 4 + 8 + 8 + 8 + 8 + 128 + 384).order(ByteOrder.LITTLE_ENDIAN);
        out.put(d.slice(0, 5));       // DataType, Used
        out.putInt(relativeId);
        out.put(d.slice(13, 4));      // LinkedID
        out.put(d.slice(25, 8));      // Size (not Offset at 17)
        out.put(d.slice(41, 8));      // CreatedAt (not SizeWithPadding at 33)
        out.put(d.slice(57, 16));     // UID, GID (not ModifiedAt at 49)
        out.put(d.slice(73, 512));    // Name, Extra
        return out.array();
    }

    private static boolean matches(Digest expected, byte[] a, int aFrom, int aTo, byte[] b, int bFrom, int bTo) {
        MessageDigest md = messageDigest(expected.algorithm());
        md.update(a, aFrom, aTo - aFrom);
        if (b != null) {
            md.update(b, bFrom, bTo - bFrom);
        }
        return MessageDigest.isEqual(md.digest(), expected.value());
    }

    private static byte[] hash(String algorithm, FileChannel channel, long offset, long size) throws IOException {
        MessageDigest md = messageDigest(algorithm);
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long position = offset;
        long end = offset + size;
        while (position < end) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), end - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new IOException("the file ends at " + position + ", inside an object");
            }
            position += n;
            md.update(buffer.flip());
        }
        return md.digest();
    }

    private static MessageDigest messageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java 17 runtime", e);
        }
    }

    /** The packed descriptors of the used table entries by id (SifFile has checked the table's bounds). */
    private static Map<Integer, ByteBuffer> rawDescriptors(FileChannel channel, SifHeader h) throws IOException {
        int total = (int) h.descriptorsTotal();
        ByteBuffer table = read(channel, h.descriptorsOffset(), total * SifFile.DESCRIPTOR_SIZE);
        Map<Integer, ByteBuffer> byId = new HashMap<>();
        for (int i = 0; i < total; i++) {
            ByteBuffer d = table.slice(i * SifFile.DESCRIPTOR_SIZE, SifFile.DESCRIPTOR_SIZE).order(ByteOrder.LITTLE_ENDIAN);
            if (d.get(4) != 0) {
                byId.put(d.getInt(5), d);
            }
        }
        return byId;
    }

    private static ByteBuffer read(FileChannel channel, long position, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (channel.read(b, position + b.position()) < 0) {
                throw new IOException("the file ends at " + (position + b.position()));
            }
        }
        return b.flip();
    }

    /**
     * An OpenPGP clear-signed message (RFC 4880 section 7) as Go's {@code clearsign.Decode} reads
     * it: the text between the armor headers and the signature, dash-unescaped; the signed form has
     * trailing blanks removed and CRLF between lines, without the final line break.
     */
    record ClearSigned(String plaintext, byte[] signedBytes, PGPSignature signature) {

        static ClearSigned parse(ByteBuffer data, String which) throws Failure {
            String text = StandardCharsets.UTF_8.decode(data).toString();
            int begin = text.indexOf(BEGIN_SIGNED);
            if (begin < 0) {
                throw new Failure(Verdict.INVALID, which + " holds no OpenPGP clear-signed message");
            }
            String[] lines = text.substring(begin).split("\r?\n", -1);
            int i = 1;
            while (i < lines.length && !lines[i].isBlank()) {
                i++; // armor headers ("Hash: SHA256")
            }
            StringBuilder plaintext = new StringBuilder();
            StringBuilder signed = new StringBuilder();
            boolean first = true;
            for (i++; i < lines.length && !lines[i].equals(BEGIN_SIGNATURE); i++) {
                String line = lines[i].startsWith("- ") ? lines[i].substring(2) : lines[i];
                line = line.replaceAll("[ \t]+$", "");
                signed.append(first ? "" : "\r\n").append(line);
                plaintext.append(line).append('\n');
                first = false;
            }
            if (i >= lines.length) {
                throw new Failure(Verdict.INVALID, which + ": the clear-signed message has no signature");
            }
            String armor = String.join("\n", Arrays.copyOfRange(lines, i, lines.length));
            try (ArmoredInputStream in = new ArmoredInputStream(
                    new ByteArrayInputStream(armor.getBytes(StandardCharsets.UTF_8)))) {
                Object o = new BcPGPObjectFactory(in).nextObject();
                if (!(o instanceof PGPSignatureList list) || list.isEmpty()) {
                    throw new Failure(Verdict.INVALID, which + ": the armored block holds no OpenPGP signature");
                }
                return new ClearSigned(plaintext.toString(), signed.toString().getBytes(StandardCharsets.UTF_8),
                        list.get(0));
            } catch (IOException | RuntimeException e) {
                throw new Failure(Verdict.INVALID, which + ": the OpenPGP signature is malformed: " + e.getMessage());
            }
        }
    }
}
