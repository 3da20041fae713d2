package org.sregistry.signature;

/** What the registry concluded about an image's signatures. */
public enum Verdict {
    /** The SIF has no signature object. */
    UNSIGNED,
    /** Every object group is signed, every signature verifies with a keystore key and matches the bytes. */
    VALID,
    /** Signed, but a signer's key is not served by this keystore (never pushed, or revoked). */
    UNKNOWN_KEY,
    /** A signature does not verify, the image changed after signing, or the format is not supported. */
    INVALID
}
