/** Importing the SIF files of a server directory into a collection, as pushes would. */
package org.sregistry.batch.imports;
