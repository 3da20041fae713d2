/**
 * Who is calling: one Jakarta Security mechanism that delegates by request (bearer tokens for
 * machine clients, login sessions for the console), the identity stores behind it, and the
 * Caller it yields.
 */
package org.sregistry.web.security;
