/**
 * The Singularity Image Format as the registry reads it: the global header, the descriptor table
 * and the small metadata objects (definition file, labels, environment) of an uploaded image,
 * parsed defensively because the bytes come from anyone with push rights.
 */
package org.sregistry.sif;
