/** Collections: groups of containers inside a namespace, the unit of privacy and membership. */
package org.sregistry.collection;
