/** Jakarta Batch jobs of the registry and the one place that starts them. */
package org.sregistry.batch;
