/**
 * Signature verification of pushed images: the OpenPGP clear-signed metadata that
 * {@code apptainer sign} stores in a SIF is checked against the registry's own keystore, and the
 * verdict is kept with the image (see docs/signatures.md).
 */
package org.sregistry.signature;
