/** Namespaces, the library API's "entities": users', teams' and the reserved library namespace. */
package org.sregistry.namespace;
