/** The keystore: OpenPGP public keys that signers publish and that verifiers fetch by key ID (HKP). */
package org.sregistry.keystore;
