package org.sregistry.signature;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The pure policy decision: which verdicts and signers each policy accepts, and the refusal messages. */
class SignaturePolicyTest {

    static final String A = "A".repeat(40);
    static final String B = "B".repeat(40);
    static final Predicate<String> NOBODY = f -> false;

    private static Optional<String> decide(SignaturePolicy p, Verdict v, String reason, List<String> signers,
            Set<String> listed, Predicate<String> member) {
        return p.refusal("lab/tools", v, reason, signers, listed, member);
    }

    @Test
    void anyAcceptsEverything() {
        for (Verdict v : Verdict.values()) {
            assertEquals(Optional.empty(), decide(SignaturePolicy.ANY, v, "x", List.of(), Set.of(), NOBODY));
        }
        assertEquals(Optional.empty(), decide(SignaturePolicy.ANY, null, null, List.of(), Set.of(), NOBODY));
    }

    @Test
    void listedKeysAcceptsOnlyAValidSignatureByAListedKey() {
        assertEquals(Optional.empty(), decide(SignaturePolicy.LISTED_KEYS, Verdict.VALID, null, List.of(A), Set.of(A), NOBODY));
        // several signers: one listed is enough
        assertEquals(Optional.empty(), decide(SignaturePolicy.LISTED_KEYS, Verdict.VALID, null, List.of(A, B), Set.of(B), NOBODY));
        assertEquals(Optional.of("collection lab/tools requires images signed by one of its listed keys; this image is signed by "
                + B + ", which is not listed"),
                decide(SignaturePolicy.LISTED_KEYS, Verdict.VALID, null, List.of(B), Set.of(A), NOBODY));
        assertEquals(Optional.of("collection lab/tools requires images signed by one of its listed keys; this image is unsigned"),
                decide(SignaturePolicy.LISTED_KEYS, Verdict.UNSIGNED, null, List.of(), Set.of(A), NOBODY));
        // never verified (uploaded before verification existed) counts as unsigned
        assertTrue(decide(SignaturePolicy.LISTED_KEYS, null, null, List.of(), Set.of(A), NOBODY).orElseThrow()
                .endsWith("this image is unsigned"));
    }

    @Test
    void unknownKeyAndInvalidAreRefusedWithTheirReason() {
        String unknown = decide(SignaturePolicy.LISTED_KEYS, Verdict.UNKNOWN_KEY, "the signer's key " + A + " expired at x",
                List.of(), Set.of(A), NOBODY).orElseThrow();
        assertEquals("collection lab/tools requires images signed by one of its listed keys; this image's signature"
                + " cannot be verified: the signer's key " + A + " expired at x", unknown);
        String invalid = decide(SignaturePolicy.MEMBERS, Verdict.INVALID, "the data of object 1 changed after signing",
                List.of(), Set.of(), f -> true).orElseThrow();
        assertEquals("collection lab/tools requires images signed by a key of one of its members; this image's signature"
                + " is invalid: the data of object 1 changed after signing", invalid);
    }

    @Test
    void membersAcceptsAValidSignatureByAMembersKey() {
        assertEquals(Optional.empty(), decide(SignaturePolicy.MEMBERS, Verdict.VALID, null, List.of(A), Set.of(), A::equals));
        // listed keys do not matter under MEMBERS
        assertEquals(Optional.of("collection lab/tools requires images signed by a key of one of its members; this image is"
                + " signed by " + B + ", a key no member of the collection added"),
                decide(SignaturePolicy.MEMBERS, Verdict.VALID, null, List.of(B), Set.of(B), A::equals));
        assertTrue(decide(SignaturePolicy.MEMBERS, Verdict.UNSIGNED, null, List.of(), Set.of(), f -> true).orElseThrow()
                .endsWith("this image is unsigned"));
    }
}
