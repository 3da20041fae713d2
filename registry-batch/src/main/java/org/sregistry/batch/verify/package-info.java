/** Re-hashing stored blobs to find bytes that no longer match their digest. */
package org.sregistry.batch.verify;
