/** Who is calling: bearer-token authentication on Jakarta Security, and the Caller it yields. */
package org.sregistry.web.api.security;
