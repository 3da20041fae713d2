/** Share links: temporary download links for one image that work without an account until they expire or are revoked. */
package org.sregistry.share;
