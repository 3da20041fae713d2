/** Containers and their tags: the unit a user pushes and pulls. */
package org.sregistry.container;
