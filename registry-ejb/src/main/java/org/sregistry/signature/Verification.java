package org.sregistry.signature;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of verifying one SIF file.
 *
 * @param verdict the overall verdict
 * @param fingerprints the signers (40 hex, upper case, sorted) when VALID; empty otherwise
 * @param reason why the verdict is not VALID (null for VALID and UNSIGNED)
 * @param expiresAt when VALID: the earliest expiry of the signers' keys, after which the verdict no
 *     longer holds (null: no signer key expires)
 */
public record Verification(Verdict verdict, List<String> fingerprints, String reason, Instant expiresAt) {

    public Verification {
        fingerprints = List.copyOf(fingerprints);
    }

    public Verification(Verdict verdict, List<String> fingerprints, String reason) {
        this(verdict, fingerprints, reason, null);
    }

    static Verification unsigned() {
        return new Verification(Verdict.UNSIGNED, List.of(), null);
    }

    static Verification valid(List<String> fingerprints, Instant expiresAt) {
        return new Verification(Verdict.VALID, fingerprints, null, expiresAt);
    }

    static Verification unknownKey(String reason) {
        return new Verification(Verdict.UNKNOWN_KEY, List.of(), reason);
    }

    static Verification invalid(String reason) {
        return new Verification(Verdict.INVALID, List.of(), reason);
    }
}
