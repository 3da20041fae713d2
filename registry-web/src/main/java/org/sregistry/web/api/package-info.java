/** The HTTP APIs' shared infrastructure: the application, envelopes, JSON request handling, public URL. */
package org.sregistry.web.api;
