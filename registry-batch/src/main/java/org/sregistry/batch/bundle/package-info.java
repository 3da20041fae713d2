/** The import-bundle job: a collection bundle (manifest plus SIF files) exported by another registry, imported here. */
package org.sregistry.batch.bundle;
