package org.sregistry.signature;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Which images a collection accepts under a tag, by their signatures (docs/signatures.md). The
 * decision is pure: {@link #refusal} answers why an image breaks the policy, empty when it does not.
 */
public enum SignaturePolicy {
    /** Every image, signed or not (the default). */
    ANY,
    /** Only images validly signed by one of the collection's listed key fingerprints. */
    LISTED_KEYS,
    /** Only images validly signed by a key that an owner, contributor or team member of the collection added. */
    MEMBERS;

    /**
     * Why an image with this verdict breaks the policy of collection {@code path}, or empty when the
     * policy accepts it.
     *
     * @param verdict the image's verdict now (null: never verified, counted as unsigned)
     * @param reason why the verdict is not VALID (may be null)
     * @param signers the fingerprints of its signers when VALID
     * @param listed the collection's listed fingerprints (LISTED_KEYS)
     * @param addedByMember whether a signer's key was added by a member of the collection (MEMBERS)
     */
    public Optional<String> refusal(String path, Verdict verdict, String reason, List<String> signers,
            Collection<String> listed, Predicate<String> addedByMember) {
        if (this == ANY) {
            return Optional.empty();
        }
        String requires = "collection " + path + " requires images signed by "
                + (this == LISTED_KEYS ? "one of its listed keys" : "a key of one of its members") + "; ";
        if (verdict == null || verdict == Verdict.UNSIGNED) {
            return Optional.of(requires + "this image is unsigned");
        }
        if (verdict == Verdict.UNKNOWN_KEY) {
            return Optional.of(requires + "this image's signature cannot be verified: " + orUnknown(reason));
        }
        if (verdict == Verdict.INVALID) {
            return Optional.of(requires + "this image's signature is invalid: " + orUnknown(reason));
        }
        boolean accepted = this == LISTED_KEYS ? signers.stream().anyMatch(Set.copyOf(listed)::contains)
                : signers.stream().anyMatch(addedByMember);
        if (accepted) {
            return Optional.empty();
        }
        String by = String.join(", ", signers);
        return Optional.of(requires + "this image is signed by " + by + (this == LISTED_KEYS
                ? (signers.size() == 1 ? ", which is not listed" : ", none of which is listed")
                : (signers.size() == 1 ? ", a key no member of the collection added" : ", keys no member of the collection added")));
    }

    private static String orUnknown(String reason) {
        return reason == null || reason.isBlank() ? "no reason recorded" : reason;
    }
}
