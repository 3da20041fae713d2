/** Where image bytes live: the content-addressed blob store and its upload area. */
package org.sregistry.storage;
