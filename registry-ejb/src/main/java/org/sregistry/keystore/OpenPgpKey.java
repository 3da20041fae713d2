package org.sregistry.keystore;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.bcpg.ArmoredInputStream;
import org.bouncycastle.bcpg.ArmoredOutputStream;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.sregistry.registry.RegistryException;

/**
 * One OpenPGP public key (a transferable public key: primary key, user ids, subkeys and their
 * signatures) as a keystore accepts it: ASCII-armored, public part only, one key, version 4, with at
 * least one user id that the key itself certified. Checked with BouncyCastle; pure, no database.
 */
public final class OpenPgpKey {

    /** Largest key text accepted; a 4096-bit key with a few signatures is a few KiB. */
    public static final int MAX_TEXT = 1024 * 1024;

    private static final String BEGIN = "-----BEGIN PGP ";
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private final PGPPublicKeyRing ring;
    private final List<String> userIds;

    private OpenPgpKey(PGPPublicKeyRing ring) {
        this.ring = ring;
        PGPPublicKey primary = ring.getPublicKey();
        if (primary.getVersion() != 4) {
            throw RegistryException.invalid("only OpenPGP version 4 keys are accepted (this is version "
                    + primary.getVersion() + ")");
        }
        this.userIds = selfCertifiedUserIds(primary);
        if (userIds.isEmpty()) {
            throw RegistryException.invalid("key " + fingerprint() + " has no user id with a valid self-signature");
        }
    }

    /**
     * Reads the {@code keytext} of an HKP add. Refuses (INVALID) anything but exactly one armored public
     * key: garbage, a broken armor or checksum, a secret key, several keys.
     */
    public static OpenPgpKey parse(String keytext) {
        if (keytext == null || keytext.isBlank()) {
            throw RegistryException.invalid("keytext is required: an ASCII-armored OpenPGP public key");
        }
        if (keytext.length() > MAX_TEXT) {
            throw new RegistryException(RegistryException.Reason.TOO_LARGE,
                    "keytext is larger than " + MAX_TEXT + " characters");
        }
        if (keytext.contains(BEGIN + "PRIVATE KEY BLOCK-----") || keytext.contains(BEGIN + "SECRET KEY BLOCK-----")) {
            throw secretKey();
        }
        int blocks = count(keytext, BEGIN);
        if (blocks == 0 || !keytext.contains(BEGIN + "PUBLIC KEY BLOCK-----")) {
            throw RegistryException.invalid("keytext is not an ASCII-armored OpenPGP public key "
                    + "(-----BEGIN PGP PUBLIC KEY BLOCK-----)");
        }
        if (blocks > 1) {
            throw oneKeyOnly(blocks);
        }
        List<PGPPublicKeyRing> rings = read(keytext);
        if (rings.isEmpty()) {
            throw RegistryException.invalid("keytext holds no OpenPGP public key");
        }
        if (rings.size() > 1) {
            throw oneKeyOnly(rings.size());
        }
        return new OpenPgpKey(rings.get(0));
    }

    private static List<PGPPublicKeyRing> read(String keytext) {
        List<PGPPublicKeyRing> rings = new ArrayList<>();
        try (InputStream in = new ArmoredInputStream(new ByteArrayInputStream(keytext.getBytes(StandardCharsets.UTF_8)))) {
            BcPGPObjectFactory objects = new BcPGPObjectFactory(in);
            for (Object o = objects.nextObject(); o != null; o = objects.nextObject()) {
                if (o instanceof PGPPublicKeyRing r) {
                    rings.add(r);
                } else if (o instanceof PGPSecretKeyRing) {
                    throw secretKey();
                } else if (!(o instanceof PGPMarker)) {
                    throw RegistryException.invalid("keytext holds an OpenPGP " + o.getClass().getSimpleName()
                            .replace("PGP", "").toLowerCase(Locale.ROOT) + ", not a public key");
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof RegistryException re) {
                throw re;
            }
            // BouncyCastle reports broken armor, checksums and packets with IOExceptions and, for some
            // truncated packets, runtime exceptions: all of them mean "not a key"
            throw RegistryException.invalid("keytext is not a valid OpenPGP public key: " + e.getMessage());
        }
        return rings;
    }

    private static List<String> selfCertifiedUserIds(PGPPublicKey primary) {
        Set<String> valid = new LinkedHashSet<>();
        for (Iterator<String> ids = primary.getUserIDs(); ids.hasNext();) {
            String uid = ids.next();
            for (Iterator<PGPSignature> sigs = primary.getSignaturesForID(uid); sigs != null && sigs.hasNext();) {
                PGPSignature sig = sigs.next();
                if (sig.isCertification() && sig.getKeyID() == primary.getKeyID() && verifies(sig, primary, uid)) {
                    valid.add(uid);
                    break;
                }
            }
        }
        return List.copyOf(valid);
    }

    private static boolean verifies(PGPSignature sig, PGPPublicKey primary, String uid) {
        try {
            sig.init(new BcPGPContentVerifierBuilderProvider(), primary);
            return sig.verifyCertification(uid, primary);
        } catch (PGPException | RuntimeException e) {
            return false;
        }
    }

    /** This key with the user ids, subkeys and signatures of {@code newer} (the same key) added. */
    public OpenPgpKey merge(OpenPgpKey newer) {
        if (!fingerprint().equals(newer.fingerprint())) {
            throw new IllegalArgumentException("cannot merge " + newer.fingerprint() + " into " + fingerprint());
        }
        try {
            return new OpenPgpKey(PGPPublicKeyRing.join(ring, newer.ring));
        } catch (PGPException | IllegalArgumentException e) {
            throw RegistryException.invalid("key " + fingerprint() + " could not be merged with the stored one: "
                    + e.getMessage());
        }
    }

    /** The 40 upper-case hex digits of the primary key's fingerprint. */
    public String fingerprint() {
        return HEX.formatHex(ring.getPublicKey().getFingerprint());
    }

    /** The primary key's 64-bit key ID, 16 upper-case hex digits. */
    public String keyId() {
        return keyId(ring.getPublicKey());
    }

    /** The key IDs of the primary key and of every subkey. */
    public List<String> keyIds() {
        List<String> ids = new ArrayList<>();
        ring.getPublicKeys().forEachRemaining(k -> ids.add(keyId(k)));
        return ids;
    }

    public List<String> userIds() {
        return userIds;
    }

    /** The RFC 4880 public-key algorithm number (1 = RSA). */
    public int algorithm() {
        return ring.getPublicKey().getAlgorithm();
    }

    public int bits() {
        return ring.getPublicKey().getBitStrength();
    }

    public Instant created() {
        return ring.getPublicKey().getCreationTime().toInstant();
    }

    public Optional<Instant> expires() {
        long valid = ring.getPublicKey().getValidSeconds();
        return valid > 0 ? Optional.of(created().plusSeconds(valid)) : Optional.empty();
    }

    /** Whether the key carries its own revocation signature (published by its holder). */
    public boolean revokedByHolder() {
        return ring.getPublicKey().hasRevocation();
    }

    /** The key in one armor block, without armor headers, as apptainer writes keys. */
    public String armored() {
        return armor(List.of(this));
    }

    /** Several keys in one armor block: the answer to an HKP get. */
    public static String armor(List<OpenPgpKey> keys) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ArmoredOutputStream armor = ArmoredOutputStream.builder().clearHeaders().enableCRC(true).build(out)) {
            for (OpenPgpKey key : keys) {
                key.ring.encode(armor, true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String keyId(PGPPublicKey key) {
        return String.format("%016X", key.getKeyID());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static RegistryException secretKey() {
        return RegistryException.invalid("secret (private) keys are refused: push the public key only");
    }

    private static RegistryException oneKeyOnly(int found) {
        return RegistryException.invalid("one key per request (found " + found + ")");
    }
}
