/** The registry's kernel shared by every feature: names, refs, digests, ids, errors, data source and schema. */
package org.sregistry.registry;
