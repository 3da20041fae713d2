/** The console's collection and container pages, their owners' settings, and the starred list. */
package org.sregistry.web.console.collection;
