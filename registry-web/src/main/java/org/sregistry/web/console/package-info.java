/**
 * The web console (PrimeFaces on Jakarta Faces at {@code /console/}): thin backing beans that hold
 * form state and call the same services, with the same permission checks, as the APIs.
 */
package org.sregistry.web.console;
