/** The weekly reset of the pull limits' counters. */
package org.sregistry.batch.downloads;
