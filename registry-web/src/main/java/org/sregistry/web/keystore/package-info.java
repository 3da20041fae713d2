/** The keystore over HTTP: HKP ({@code /pks/add}, {@code /pks/lookup}) at the host root, and key management under {@code /api/keys}. */
package org.sregistry.web.keystore;
