package org.sregistry.web.keystore;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.sregistry.keystore.PublicKey;

/**
 * The HKP index of keys: the machine-readable form (draft-shaw-openpgp-hkp-00 §5.2) that {@code key
 * search} parses, and a plain-text listing for people.
 */
final class HkpIndex {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);

    private HkpIndex() {}

    /**
     * {@code info:1:<count>}, then per key {@code pub:<fingerprint or key ID>:<algo>:<bits>:<created>:<expires>:<flags>}
     * and {@code uid:<escaped uid>:<created>::}. The count is the number of pub records on this page,
     * which the client checks.
     */
    static String machineReadable(List<PublicKey> keys, boolean fingerprints) {
        StringBuilder out = new StringBuilder("info:1:").append(keys.size()).append('\n');
        for (PublicKey key : keys) {
            String created = seconds(key.getKeyCreatedAt());
            out.append("pub:").append(fingerprints ? key.getFingerprint() : key.getKeyId())
                    .append(':').append(key.getAlgorithm())
                    .append(':').append(key.getBits())
                    .append(':').append(created)
                    .append(':').append(key.getKeyExpiresAt() == null ? "" : seconds(key.getKeyExpiresAt()))
                    .append(':').append(flags(key)).append('\n');
            for (String uid : key.getUserIds()) {
                out.append("uid:").append(escape(uid)).append(':').append(created).append("::\n");
            }
        }
        return out.toString();
    }

    /** One block per key, like {@code gpg --list-keys}. */
    static String human(List<PublicKey> keys, boolean fingerprints) {
        StringBuilder out = new StringBuilder();
        for (PublicKey key : keys) {
            out.append("pub  ").append(key.getBits()).append('/').append(fingerprints ? key.getFingerprint() : key.getKeyId())
                    .append(' ').append(DAY.format(key.getKeyCreatedAt()));
            String flags = flags(key);
            if (!flags.isEmpty()) {
                out.append(" [").append(flags).append(']');
            }
            out.append('\n');
            key.getUserIds().forEach(uid -> out.append("uid  ").append(uid).append('\n'));
            out.append('\n');
        }
        return out.toString();
    }

    private static String flags(PublicKey key) {
        boolean expired = key.getKeyExpiresAt() != null && key.getKeyExpiresAt().isBefore(Instant.now());
        return (key.isRevokedByHolder() ? "r" : "") + (expired ? "e" : "");
    }

    private static String seconds(Instant t) {
        return Long.toString(t.getEpochSecond());
    }

    /**
     * Percent-escapes what would break the record or be misread: the client decodes uids with Go's
     * {@code url.QueryUnescape}, so {@code %} and {@code +} (read as a space) are escaped along with
     * the field separator {@code :}, controls and every non-ASCII byte.
     */
    static String escape(String uid) {
        StringBuilder out = new StringBuilder();
        for (byte b : uid.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c < 0x20 || c >= 0x7f || c == ':' || c == '%' || c == '+') {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }
}
