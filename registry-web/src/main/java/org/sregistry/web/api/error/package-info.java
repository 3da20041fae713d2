/** One family of exception mappers: every API error in the library's error envelope. */
package org.sregistry.web.api.error;
