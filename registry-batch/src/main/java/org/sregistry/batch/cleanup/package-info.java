/** Storage housekeeping jobs. */
package org.sregistry.batch.cleanup;
