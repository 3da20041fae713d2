/** The catalog: read-only, paged, privacy-filtered views of entities, collections, containers, tags and labels for browsing and search. */
package org.sregistry.catalog;
