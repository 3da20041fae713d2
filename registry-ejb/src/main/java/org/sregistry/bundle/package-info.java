/** Collection bundles: a collection's SIF files plus a manifest, for moving images between registries. */
package org.sregistry.bundle;
