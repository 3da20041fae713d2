package org.sregistry.web.keystore;

import java.time.Instant;
import java.util.List;
import org.sregistry.keystore.PublicKey;

/** A keystore key in the JSON APIs ({@code /api/keys}). */
public record KeyJson(String fingerprint, String keyId, List<String> userIds, int algorithm, int bits,
        Instant createdAt, Instant expiresAt, boolean revokedByHolder, String owner, boolean revoked, Instant addedAt,
        Instant updatedAt, Instant revokedAt) {

    static KeyJson of(PublicKey key) {
        return new KeyJson(key.getFingerprint(), key.getKeyId(), key.getUserIds(), key.getAlgorithm(), key.getBits(),
                key.getKeyCreatedAt(), key.getKeyExpiresAt(), key.isRevokedByHolder(),
                key.getOwner() == null ? null : key.getOwner().getUsername(), key.isRevoked(), key.getAddedAt(),
                key.getUpdatedAt(), key.getRevokedAt());
    }
}
