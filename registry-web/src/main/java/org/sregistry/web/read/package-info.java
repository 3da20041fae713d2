/** The public read API under {@code /api/}: paged, filtered, sorted lists of collections and containers, and an image's metadata, for scripts. */
package org.sregistry.web.read;
