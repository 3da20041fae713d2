package org.sregistry.signature;

import java.util.List;

/**
 * The outcome of verifying one SIF file.
 *
 * @param verdict the overall verdict
 * @param fingerprints the signers (40 hex, upper case, sorted) when VALID; empty otherwise
 * @param reason why the verdict is not VALID (null for VALID and UNSIGNED)
 */
public record Verification(Verdict verdict, List<String> fingerprints, String reason) {

    public Verification {
        fingerprints = List.copyOf(fingerprints);
    }

    static Verification unsigned() {
        return new Verification(Verdict.UNSIGNED, List.of(), null);
    }

    static Verification valid(List<String> fingerprints) {
        return new Verification(Verdict.VALID, fingerprints, null);
    }

    static Verification unknownKey(String reason) {
        return new Verification(Verdict.UNKNOWN_KEY, List.of(), reason);
    }

    static Verification invalid(String reason) {
        return new Verification(Verdict.INVALID, List.of(), reason);
    }
}
