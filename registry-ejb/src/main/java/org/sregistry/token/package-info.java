/** API tokens: the bearer credentials of the library API, the admin API and robots. */
package org.sregistry.token;
