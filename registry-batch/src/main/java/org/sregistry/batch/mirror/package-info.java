/** Mirroring images from another library API server (import-library), as pushes would bring them. */
package org.sregistry.batch.mirror;
